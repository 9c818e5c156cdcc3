package graph

import (
	"reflect"
	"testing"
)

// TestElements: the compiler's JSON array splitter keeps every element's
// text whole, escaped quotes, nested arrays and objects included.
func TestElements(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{`[]`, nil},
		{` [ ] `, nil},
		{`[1,"a",null,true]`, []string{`1`, `"a"`, `null`, `true`}},
		{`[ "x\"],[" , [1, [2, "]"]], {"a": "}"} ]`, []string{`"x\"],["`, `[1, [2, "]"]]`, `{"a": "}"}`}},
		{`["\\", -1.5e+20]`, []string{`"\\"`, `-1.5e+20`}},
	}
	for _, tc := range cases {
		got, err := elements([]byte(tc.in), nil)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		var gs []string
		for _, g := range got {
			gs = append(gs, string(g))
		}
		if !reflect.DeepEqual(gs, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.in, gs, tc.want)
		}
	}
	for _, bad := range []string{``, `{}`, `[1,`, `["abc]`, `[1 2]`} {
		if _, err := elements([]byte(bad), nil); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestJSONString decodes escapes as JSON does.
func TestJSONString(t *testing.T) {
	for in, want := range map[string]string{`"plain"`: "plain", `"a\"b\\c\u00e9\n"`: "a\"b\\cé\n", `""`: ""} {
		got, err := jsonString([]byte(in))
		if err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := jsonString([]byte(`12`)); err == nil {
		t.Error("a number decoded as a string")
	}
}

// TestFastScalars: the raw JSON the database gives is copied only when it
// is already what gqlgen would write.
func TestFastScalars(t *testing.T) {
	for in, want := range map[string]bool{
		"0": true, "7": true, "-12": true, "123456789012345678": true,
		"": false, "-": false, "-0": false, "007": false, "1.5": false, "1e3": false, "1234567890123456789": false,
	} {
		if got := plainInteger([]byte(in)); got != want {
			t.Errorf("plainInteger(%q) = %v", in, got)
		}
	}
	for in, want := range map[string]bool{
		`"01a24326-63b4-73dc-b415-3921a99e0946"`: true,
		`"00000000-0000-0000-0000-000000000000"`: false, // nil: gqlgen writes null
		`"01A24326-63B4-73DC-B415-3921A99E0946"`: false, // not as uuid.String writes it
		`"01a2432663b473dcb4153921a99e0946"`:     false,
		`"01a24326-63b4-73dc-b415-3921a99e094g"`: false,
	} {
		if got := canonicalUUID([]byte(in)); got != want {
			t.Errorf("canonicalUUID(%s) = %v", in, got)
		}
	}
}
