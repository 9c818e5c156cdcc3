package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/setting"
)

func (c *call) listSettings() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	ss, err := c.client.Setting.Query().Order(ent.Asc(setting.FieldKey)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(ss, c.settingOf), err
}

func (c *call) getSetting() (any, error) {
	id := c.pathID("setting_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	s, err := c.client.Setting.Get(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "Setting")
	}
	return c.settingOf(s), nil
}

func (c *call) createSetting() (any, error) {
	c.parseBody(true)
	in := ent.CreateSettingInput{}
	if s := c.str("key", strOpts{required: true, min: 1, max: 100}); s != nil {
		in.Key = *s
	}
	if s := c.str("value", strOpts{required: true, max: 10000}); s != nil {
		in.Value = *s
	}
	in.Description = c.str("description", strOpts{max: 500})
	in.IsSecret = c.boolean("is_secret")
	if err := c.done(); err != nil {
		return nil, err
	}
	s, err := c.pos.CreateSetting(c.ctx, in)
	if err != nil {
		return nil, err
	}
	return c.settingOf(s), nil
}

func (c *call) updateSetting() (any, error) {
	id := c.pathID("setting_id")
	c.parseBody(true)
	in := ent.UpdateSettingInput{
		Key:         c.str("key", strOpts{min: 1, max: 100}),
		Value:       c.str("value", strOpts{max: 10000}),
		Description: c.str("description", strOpts{max: 500}),
		IsSecret:    c.boolean("is_secret"),
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	s, err := c.pos.UpdateSetting(c.ctx, id, in, nil)
	if err != nil {
		return nil, notFound(err, "Setting")
	}
	return c.settingOf(s), nil
}

func (c *call) deleteSetting() (any, error) {
	id := c.pathID("setting_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.pos.DeleteSetting(c.ctx, id), "Setting")
}
