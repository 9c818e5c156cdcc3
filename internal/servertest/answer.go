package servertest

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
)

// SameAnswer reports whether two GraphQL answers are the same: exact when
// they are the same bytes, else same when they differ only in the order of
// their errors.
//
// The field-by-field path resolves root fields, and the elements of lists of
// @batched fields, concurrently, and gqlgen lists errors in the order they
// were raised, so two runs of one request over the same rows can list the same
// errors in different orders. Everything else (data, extensions, which errors
// and their text, paths and locations) must match byte for byte. An answer
// cut to MaxErrors (its last error carries extensions.droppedErrors) keeps
// whichever errors came first, so of those only the count, the dropped count
// and the marker's message are compared.
func SameAnswer(a, b []byte) (same, exact bool) {
	if bytes.Equal(a, b) {
		return true, true
	}
	ca, err := canonical(a)
	if err != nil {
		return false, false
	}
	cb, err := canonical(b)
	if err != nil {
		return false, false
	}
	return bytes.Equal(ca, cb), false
}

var errNotObject = errors.New("not a JSON object")

// canonical rewrites an answer with its errors sorted, keeping every other
// member's bytes and the members' order.
func canonical(body []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errNotObject
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if key == "errors" {
			if raw, err = sortedErrors(raw); err != nil {
				return nil, err
			}
		}
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		out.Write(k)
		out.WriteByte(':')
		out.Write(raw)
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

func sortedErrors(raw json.RawMessage) (json.RawMessage, error) {
	var errs []json.RawMessage
	if err := json.Unmarshal(raw, &errs); err != nil {
		return nil, err
	}
	if n := len(errs); n > 0 && bytes.Contains(errs[n-1], []byte(`"droppedErrors"`)) {
		var last struct {
			Message    string `json:"message"`
			Extensions struct {
				Dropped json.RawMessage `json:"droppedErrors"`
			} `json:"extensions"`
		}
		if err := json.Unmarshal(errs[n-1], &last); err != nil {
			return nil, err
		}
		return json.Marshal(map[string]any{"kept": n - 1, "message": last.Message, "dropped": last.Extensions.Dropped})
	}
	sort.Slice(errs, func(i, j int) bool { return bytes.Compare(errs[i], errs[j]) < 0 })
	return json.Marshal(errs)
}
