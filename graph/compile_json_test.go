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
