package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/notification"
	"github.com/pandac/pandac/internal/pos"
)

func (c *call) listNotifications() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	ns, err := c.client.Notification.Query().Order(ent.Desc(notification.FieldTimestamp), ent.Desc(notification.FieldID)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(ns, notificationOf), err
}

func (c *call) createNotification() (any, error) {
	c.parseBody(true)
	t, _ := c.enumOf("type", true, notificationTypes)
	msg := c.str("message", strOpts{required: true, min: 1, max: 500})
	ts := c.timestamp("timestamp", false)
	pid := c.id("product_id", false)
	if err := c.done(); err != nil {
		return nil, err
	}
	n, err := c.pos.CreateNotification(c.ctx, pos.NotificationInput{Type: notification.Type(t), Message: *msg, Timestamp: ts, ProductID: pid})
	if err != nil {
		return nil, err
	}
	return notificationOf(n), nil
}
