package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/notification"
	"github.com/pandac/pandac/internal/pos"
)

func (c *call) listNotifications() (any, error) {
	return listPage(c, c.client.Notification.Query().Order(ent.Desc(notification.FieldTimestamp), ent.Desc(notification.FieldID)), notificationOf)
}

func (c *call) createNotification() (any, error) {
	c.parseBody(true)
	t, _ := c.enumOf("type", true, notificationTypes)
	msg := c.str("message", strOpts{required: true, min: 1, max: 500})
	ts := c.timestamp("timestamp", false)
	pid := c.id("product_id", false)
	return saveNew(c, func() (*ent.Notification, error) {
		return c.pos.Legacy().CreateNotification(c.ctx, pos.NotificationInput{Type: notification.Type(t), Message: *msg, Timestamp: ts, ProductID: pid})
	}, notificationOf)
}
