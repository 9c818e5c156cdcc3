package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/setting"
	"github.com/pandac/pandac/internal/pos"
)

func (c *call) listSettings() (any, error) {
	return listPage(c, c.client.Setting.Query().Order(ent.Asc(setting.FieldKey)), c.settingOf)
}

func (c *call) getSetting() (any, error) {
	return getOne(c, "setting_id", "Setting", c.client.Setting.Get, c.settingOf)
}

func (c *call) createSetting() (any, error) {
	c.parseBody(true)
	in := pos.CreateSettingRequest{}
	if s := c.str("key", strOpts{required: true, min: 1, max: 100}); s != nil {
		in.Key = *s
	}
	if s := c.str("value", strOpts{required: true, max: 10000}); s != nil {
		in.Value = *s
	}
	in.Description = c.str("description", strOpts{max: 500})
	in.IsSecret = c.boolean("is_secret")
	return saveNew(c, func() (*ent.Setting, error) { return c.pos.StoreSettings().CreateSetting(c.ctx, in) }, c.settingOf)
}

func (c *call) updateSetting() (any, error) {
	id := c.pathID("setting_id")
	c.parseBody(true)
	in := pos.UpdateSettingRequest{
		Key:         c.str("key", strOpts{min: 1, max: 100}),
		Value:       c.str("value", strOpts{max: 10000}),
		Description: c.str("description", strOpts{max: 500}),
		IsSecret:    c.boolean("is_secret"),
	}
	return saveChange(c, "Setting", func() (*ent.Setting, error) { return c.pos.StoreSettings().UpdateSetting(c.ctx, id, in, nil) }, c.settingOf)
}

func (c *call) deleteSetting() (any, error) {
	return deleteOne(c, "setting_id", "Setting", c.pos.StoreSettings().DeleteSetting)
}
