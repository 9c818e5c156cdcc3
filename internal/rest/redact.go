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
// structs and the values of maps; other values are left alone. A struct
// passed by value is copied, so redact returns what to write.
func redact(ctx context.Context, out any) any {
	v := reflect.ValueOf(out)
	if !v.IsValid() {
		return out
	}
	if v.Kind() == reflect.Struct {
		p := reflect.New(v.Type())
		p.Elem().Set(v)
		redactValue(policy.CallerFrom(ctx), p.Elem())
		return p.Elem().Interface()
	}
	if v.Kind() == reflect.Map {
		// Map values are not addressable: redact a copy of each.
		for _, k := range v.MapKeys() {
			e := v.MapIndex(k)
			if e.Kind() == reflect.Interface && e.IsNil() {
				continue
			}
			v.SetMapIndex(k, reflect.ValueOf(redact(ctx, e.Interface())))
		}
		return out
	}
	redactValue(policy.CallerFrom(ctx), v)
	return out
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
