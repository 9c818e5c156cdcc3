package rest

import (
	"context"
	"reflect"
	"strings"

	"github.com/pandac/pandac/internal/auth/policy"
)

// redact clears, in a handler's result, every view field tagged
// `policy:"Type.field"` that the permission table does not let the caller
// read (cost prices, supplier contacts, discount codes): the field answers
// null, as the GraphQL field answers FORBIDDEN. The tag names the table
// entry, so the rule lives in one place. It walks pointers, slices and
// structs; other values are left alone.
func redact(ctx context.Context, out any) {
	redactValue(policy.CallerFrom(ctx), reflect.ValueOf(out))
}

func redactValue(c *policy.Caller, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			redactValue(c, v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			redactValue(c, v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := v.MapIndex(k)
			if e.Kind() == reflect.Interface && !e.IsNil() && e.Elem().Kind() == reflect.Slice {
				redactValue(c, e.Elem())
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := v.Field(i)
			if !t.Field(i).IsExported() {
				continue
			}
			if tag, ok := t.Field(i).Tag.Lookup("policy"); ok {
				typ, field, _ := strings.Cut(tag, ".")
				if !policy.CanRead(c, typ, field) && f.CanSet() {
					f.SetZero()
				}
				continue
			}
			redactValue(c, f)
		}
	}
}
