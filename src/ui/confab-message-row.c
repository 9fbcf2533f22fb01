/* confab-message-row.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-accessible.h"
#include "confab-message-row-private.h"
#include "confab-tooltip.h"

G_DEFINE_FINAL_TYPE (ConfabMessageRow, confab_message_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  PROP_PRICING,
  N_PROPS
};

enum {
  RETRY,
  EDIT,
  REGENERATE,
  SHOW_VERSION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* User messages are bubbles that keep their distance from the start
 * edge; this many characters is their natural line length.
 */
#define USER_BUBBLE_MAX_WIDTH_CHARS 60

ConfabRole
_confab_message_row_get_role (ConfabMessageRow *self)
{
  if (self->message == NULL)
    return CONFAB_ROLE_ASSISTANT;

  return confab_message_get_role (self->message);
}

ConfabMessageState
_confab_message_row_get_state (ConfabMessageRow *self)
{
  if (self->message == NULL)
    return CONFAB_MESSAGE_STATE_COMPLETE;

  return confab_message_get_state (self->message);
}

/* The name shown above the message: "You", the model that answered,
 * or "Assistant" when the model is not known.
 */
static const char *
get_author_name (ConfabMessageRow *self)
{
  const char *model;

  if (self->message == NULL)
    return "";

  switch (confab_message_get_role (self->message))
    {
    case CONFAB_ROLE_USER:
      return _("You");

    case CONFAB_ROLE_SYSTEM:
      return _("System");

    case CONFAB_ROLE_ASSISTANT:
    default:
      model = confab_message_get_model (self->message);
      if (model != NULL && model[0] != '\0')
        return model;
      return _("Assistant");
    }
}

static void
confab_message_row_update_accessible (ConfabMessageRow *self)
{
  g_autofree char *label = NULL;
  const char *description = NULL;

  if (self->message == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  switch (_confab_message_row_get_role (self))
    {
    case CONFAB_ROLE_USER:
      label = g_strdup (_("Your message"));
      break;

    case CONFAB_ROLE_SYSTEM:
      label = g_strdup (_("System prompt"));
      break;

    case CONFAB_ROLE_ASSISTANT:
    default:
      /* Translators: %s is the name of the model, or “Assistant”. */
      label = g_strdup_printf (_("Answer from %s"), get_author_name (self));
      break;
    }

  switch (_confab_message_row_get_state (self))
    {
    case CONFAB_MESSAGE_STATE_PENDING:
      description = _("Thinking…");
      break;

    case CONFAB_MESSAGE_STATE_FAILED:
      description = _("Failed");
      break;

    case CONFAB_MESSAGE_STATE_CANCELLED:
      description = _("Stopped");
      break;

    case CONFAB_MESSAGE_STATE_COMPLETE:
    default:
      break;
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
confab_message_row_update_role (ConfabMessageRow *self)
{
  gboolean is_user = self->message != NULL && _confab_message_row_get_role (self) == CONFAB_ROLE_USER;
  GtkAlign align = is_user ? GTK_ALIGN_END : GTK_ALIGN_FILL;

  if (is_user)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "user-message");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "assistant-message");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "assistant-message");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "user-message");
    }

  /* A user message is a bubble at the end; an answer takes the whole
   * width, like the prose it usually is.
   */
  gtk_widget_set_halign (GTK_WIDGET (self->box), align);
  gtk_widget_set_halign (GTK_WIDGET (self->header_box), is_user ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_widget_set_halign (GTK_WIDGET (self->bubble), align);
  gtk_widget_set_halign (GTK_WIDGET (self->footer_box), is_user ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_label_set_max_width_chars (self->content_label, is_user ? USER_BUBBLE_MAX_WIDTH_CHARS : -1);
}

static void
confab_message_row_update_header (ConfabMessageRow *self)
{
  GDateTime *created = NULL;

  gtk_label_set_label (self->role_label, get_author_name (self));

  if (self->message != NULL)
    created = confab_message_get_created (self->message);

  if (created != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (created);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *time_text = NULL;

      /* The time alone for today's messages, with the date otherwise:
       * the translators' formats, not the locale's %x, which pads
       * Korean days with zeros ("10월 09일").
       */
      if (g_date_time_get_year (local) != g_date_time_get_year (now))
        /* Translators: the date and time of a message from another year;
         * see g_date_time_format().  %-d is the day without padding.
         */
        time_text = g_date_time_format (local, _("%b %-d, %Y, %H:%M"));
      else if (g_date_time_get_day_of_year (local) != g_date_time_get_day_of_year (now))
        /* Translators: the date and time of a message from an earlier day
         * this year; see g_date_time_format().
         */
        time_text = g_date_time_format (local, _("%b %-d, %H:%M"));
      else
        time_text = g_date_time_format (local, "%H:%M");

      gtk_label_set_label (self->time_label, time_text);
      gtk_widget_set_visible (GTK_WIDGET (self->time_label), TRUE);
    }
  else
    {
      gtk_label_set_label (self->time_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->time_label), FALSE);
    }
}

/* The full date and time of the message.  It is made when the tooltip
 * shows: setting a tooltip's text asks the display server where the
 * pointer is (GTK 4.8), which was a noticeable part of making a row.
 */
static gboolean
confab_message_row_time_tooltip_cb (ConfabMessageRow *self,
                                    int               x,
                                    int               y,
                                    gboolean          keyboard,
                                    GtkTooltip       *tooltip,
                                    GtkWidget        *label)
{
  GDateTime *created = self->message != NULL ? confab_message_get_created (self->message) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *full = NULL;

  if (created == NULL)
    return FALSE;

  local = g_date_time_to_local (created);
  /* Translators: a message's date and time in its tooltip; see
   * g_date_time_format().
   */
  full = g_date_time_format (local, _("%A, %B %-d, %Y, %H:%M:%S"));
  confab_tooltip_show_text (tooltip, label, full);

  return TRUE;
}

void
_confab_message_row_update_footer (ConfabMessageRow *self)
{
  gboolean answered = self->message != NULL &&
                      confab_message_get_role (self->message) == CONFAB_ROLE_ASSISTANT &&
                      confab_message_get_state (self->message) != CONFAB_MESSAGE_STATE_PENDING;
  gboolean visible;

  gtk_widget_set_visible (GTK_WIDGET (self->regenerate_button), answered);
  visible = gtk_widget_get_visible (GTK_WIDGET (self->copy_button)) ||
            gtk_widget_get_visible (GTK_WIDGET (self->usage_button)) ||
            gtk_widget_get_visible (self->version_switcher) ||
            answered;

  gtk_widget_set_visible (GTK_WIDGET (self->footer_box), visible);
}

static void
confab_message_row_update (ConfabMessageRow *self)
{
  confab_message_row_update_role (self);
  confab_message_row_update_header (self);
  _confab_message_row_update_content (self);
  _confab_message_row_update_state (self);
  _confab_message_row_update_usage (self);
  confab_message_row_update_accessible (self);
}

static void
confab_message_row_message_notify_cb (ConfabMessageRow *self,
                                      GParamSpec       *pspec,
                                      ConfabMessage    *message)
{
  const char *name = pspec->name;

  g_assert (CONFAB_IS_MESSAGE_ROW (self));
  g_assert (CONFAB_IS_MESSAGE (message));

  /* Content changes for every streamed piece, so only that is redone. */
  if (g_str_equal (name, "content") || g_str_equal (name, "reasoning"))
    {
      _confab_message_row_queue_content (self);
    }
  else if (g_str_equal (name, "state") ||
           g_str_equal (name, "error") ||
           g_str_equal (name, "finish-reason"))
    {
      _confab_message_row_update_state (self);
      _confab_message_row_update_usage (self);
      confab_message_row_update_accessible (self);
      /* A formula held back while the answer grew shows when it ends. */
      _confab_message_row_queue_content (self);
    }
  else if (g_str_equal (name, "usage"))
    {
      _confab_message_row_update_usage (self);
    }
  else if (g_str_equal (name, "model") ||
           g_str_equal (name, "created"))
    {
      confab_message_row_update_header (self);
      confab_message_row_update_accessible (self);
    }
}

static void
confab_message_row_retry_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  ConfabMessageRow *self = CONFAB_MESSAGE_ROW (widget);

  if (self->message == NULL)
    return;

  g_signal_emit (self, signals[RETRY], 0);
}

static void
confab_message_row_edit_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  ConfabMessageRow *self = CONFAB_MESSAGE_ROW (widget);

  if (self->message != NULL)
    g_signal_emit (self, signals[EDIT], 0);
}

static void
confab_message_row_regenerate_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  ConfabMessageRow *self = CONFAB_MESSAGE_ROW (widget);

  if (self->message != NULL)
    g_signal_emit (self, signals[REGENERATE], 0);
}

static void
confab_message_row_show_version_cb (ConfabMessageRow      *self,
                                    guint                  version,
                                    ConfabVersionSwitcher *switcher)
{
  if (self->message != NULL)
    g_signal_emit (self, signals[SHOW_VERSION], 0, version);
}

static void
confab_message_row_dispose (GObject *object)
{
  ConfabMessageRow *self = (ConfabMessageRow *)object;

  if (self->message != NULL)
    g_clear_signal_handler (&self->notify_handler, self->message);
  g_clear_object (&self->message);
  g_clear_object (&self->pricing);
  _confab_message_row_cancel_tick (self);
  g_clear_handle_id (&self->elapsed_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_MESSAGE_ROW);

  G_OBJECT_CLASS (confab_message_row_parent_class)->dispose (object);
}

static void
confab_message_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ConfabMessageRow *self = CONFAB_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;

    case PROP_PRICING:
      g_value_set_object (value, self->pricing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_message_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ConfabMessageRow *self = CONFAB_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      confab_message_row_set_message (self, g_value_get_object (value));
      break;

    case PROP_PRICING:
      confab_message_row_set_pricing (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_message_row_class_init (ConfabMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_message_row_dispose;
  object_class->get_property = confab_message_row_get_property;
  object_class->set_property = confab_message_row_set_property;

  /**
   * ConfabMessageRow:message:
   *
   * The message shown, or %NULL while the row is not bound.
   */
  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL,
                         CONFAB_TYPE_MESSAGE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * ConfabMessageRow:pricing:
   *
   * The prices that give an answer's cost, or %NULL for none.
   */
  properties[PROP_PRICING] =
    g_param_spec_object ("pricing", NULL, NULL,
                         CONFAB_TYPE_PRICING,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConfabMessageRow::retry:
   * @self: a #ConfabMessageRow
   *
   * Emitted when the person asks to send the request for this failed
   * answer again.  The handler looks up #ConfabMessageRow:message.
   */
  /**
   * ConfabMessageRow::edit:
   * @self: a #ConfabMessageRow
   *
   * Emitted when the person wants to change this prompt and send it
   * again.
   */
  signals[EDIT] =
    g_signal_new ("edit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  signals[RETRY] =
    g_signal_new ("retry",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  /**
   * ConfabMessageRow::regenerate:
   * @self: a #ConfabMessageRow
   *
   * Emitted when the person asks again for this answer, keeping it as
   * another version.
   */
  signals[REGENERATE] =
    g_signal_new ("regenerate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  /**
   * ConfabMessageRow::show-version:
   * @self: a #ConfabMessageRow
   * @version: the version of the message to show, from 1
   *
   * Emitted when the person asks for another version of this message.
   */
  signals[SHOW_VERSION] =
    g_signal_new ("show-version",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/confabapp/Confab/confab-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, box);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, bubble);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, content_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, content_view);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, error_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, footer_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, header_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, note_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, pending_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, pending_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, preferences_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, reasoning_expander);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, role_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, usage_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, usage_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, version_switcher);
  gtk_widget_class_bind_template_child (widget_class, ConfabMessageRow, regenerate_button);
  gtk_widget_class_bind_template_callback (widget_class, confab_message_row_show_version_cb);

  gtk_widget_class_install_action (widget_class, "message.copy", NULL,
                                   _confab_message_row_copy_action);
  gtk_widget_class_install_action (widget_class, "message.retry", NULL,
                                   confab_message_row_retry_action);
  gtk_widget_class_install_action (widget_class, "message.edit", NULL,
                                   confab_message_row_edit_action);
  gtk_widget_class_install_action (widget_class, "message.copy-plain", NULL,
                                   _confab_message_row_copy_plain_action);
  gtk_widget_class_install_action (widget_class, "message.regenerate", NULL,
                                   confab_message_row_regenerate_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
#if GTK_CHECK_VERSION (4, 14, 0)
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ARTICLE);
#else
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
#endif

  g_type_ensure (CONFAB_TYPE_MARKDOWN_VIEW);
  g_type_ensure (CONFAB_TYPE_VERSION_SWITCHER);
}

static void
confab_message_row_init (ConfabMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if ADW_CHECK_VERSION (1, 6, 0)
  self->spinner = adw_spinner_new ();
#else
  self->spinner = gtk_spinner_new ();
#endif
  gtk_box_prepend (self->pending_box, self->spinner);

  /* A list makes rows by the dozen: see confab_tooltip_set_text(). */
  confab_tooltip_set_text (GTK_WIDGET (self->usage_button), _("Token Usage"));
  confab_tooltip_set_text (GTK_WIDGET (self->edit_button), _("Edit and Resend"));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->time_label), TRUE);
  g_signal_connect_object (self->time_label, "query-tooltip",
                           G_CALLBACK (confab_message_row_time_tooltip_cb),
                           self, G_CONNECT_SWAPPED);
  _confab_message_row_init_usage (self);

  confab_accessible_name_split_button (self->copy_button, _("Copy Message"), _("More Ways to Copy"));
  /* The tooltips of the template's split button and of its arrow. */
  confab_tooltip_attach (GTK_WIDGET (self->copy_button));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit and Resend"),
                                  -1);
  confab_tooltip_set_text (GTK_WIDGET (self->regenerate_button), _("Regenerate"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->regenerate_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Regenerate"),
                                  -1);
  g_object_bind_property (self, "message", self->version_switcher, "message", G_BINDING_DEFAULT);
  g_signal_connect_object (self->version_switcher, "notify::visible",
                           G_CALLBACK (_confab_message_row_update_footer),
                           self, G_CONNECT_SWAPPED);

  confab_message_row_update (self);
}

GtkWidget *
confab_message_row_new (void)
{
  return g_object_new (CONFAB_TYPE_MESSAGE_ROW, NULL);
}

/**
 * confab_message_row_get_message:
 * @self: a #ConfabMessageRow
 *
 * Returns: (transfer none) (nullable): the message shown
 */
ConfabMessage *
confab_message_row_get_message (ConfabMessageRow *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE_ROW (self), NULL);

  return self->message;
}

/**
 * confab_message_row_set_message:
 * @self: a #ConfabMessageRow
 * @message: (nullable): the message to show
 *
 * Shows @message and follows its changes until another message, or
 * %NULL, is set.
 */
void
confab_message_row_set_message (ConfabMessageRow *self,
                                ConfabMessage    *message)
{
  g_return_if_fail (CONFAB_IS_MESSAGE_ROW (self));
  g_return_if_fail (!message || CONFAB_IS_MESSAGE (message));

  if (self->message == message)
    return;

  if (self->message != NULL)
    g_clear_signal_handler (&self->notify_handler, self->message);

  g_set_object (&self->message, message);

  /* A recycled row shows its new message whole, at once. */
  _confab_message_row_cancel_tick (self);
  self->shown_epoch = G_MAXUINT;
  self->update_cost = 0;

  if (self->message != NULL)
    self->notify_handler =
      g_signal_connect_object (self->message,
                               "notify",
                               G_CALLBACK (confab_message_row_message_notify_cb),
                               self,
                               G_CONNECT_SWAPPED);

  confab_message_row_update (self);
  _confab_message_row_update_images (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

/**
 * confab_message_row_set_pricing:
 * @self: a #ConfabMessageRow
 * @pricing: (nullable): the prices of Preferences, or %NULL for none
 *
 * Sets the prices that give an answer's cost, shown on its usage line
 * and in its usage popover when its model has a price.
 */
void
confab_message_row_set_pricing (ConfabMessageRow *self,
                                ConfabPricing    *pricing)
{
  g_return_if_fail (CONFAB_IS_MESSAGE_ROW (self));
  g_return_if_fail (!pricing || CONFAB_IS_PRICING (pricing));

  if (!g_set_object (&self->pricing, pricing))
    return;

  _confab_message_row_update_usage (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICING]);
}
