/* confab-version-switcher.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-tooltip.h"
#include "confab-version-switcher.h"

/* ‹ 2/3 › on a message that has other versions: the answers asked for
 * again, or the prompts edited.  It shows which version is shown, and
 * asks for the one before or after with ConfabVersionSwitcher::switch-version;
 * the conversation then shows that version in the message's place.
 * Hidden while the message has only one.
 */

struct _ConfabVersionSwitcher
{
  GtkWidget      parent_instance;

  ConfabMessage *message;
  gulong         notify_handler;

  GtkButton     *previous_button;
  GtkLabel      *label;
  GtkButton     *next_button;
};

G_DEFINE_FINAL_TYPE (ConfabVersionSwitcher, confab_version_switcher, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  SWITCH_VERSION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
confab_version_switcher_update (ConfabVersionSwitcher *self)
{
  guint version = self->message != NULL ? confab_message_get_version (self->message) : 1;
  guint n_versions = self->message != NULL ? confab_message_get_n_versions (self->message) : 1;
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), n_versions > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "versions.previous", version > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "versions.next", version < n_versions);

  /* Translators: which version of a message is shown, of how many, as
   * in "2/3"; shown between the Previous Version and Next Version buttons.
   */
  text = g_strdup_printf (C_("message version", "%u/%u"), version, n_versions);
  gtk_label_set_text (self->label, text);

  /* Translators: what screen readers say of "2/3" beside a message. */
  description = g_strdup_printf (_("Version %u of %u"), version, n_versions);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
confab_version_switcher_notify_cb (ConfabVersionSwitcher *self,
                                   GParamSpec            *pspec,
                                   ConfabMessage         *message)
{
  /* Streamed answers notify often: only these two matter here. */
  if (g_str_equal (pspec->name, "version") || g_str_equal (pspec->name, "n-versions"))
    confab_version_switcher_update (self);
}

static void
confab_version_switcher_step (ConfabVersionSwitcher *self,
                              int                    step)
{
  guint version;

  if (self->message == NULL)
    return;

  version = confab_message_get_version (self->message);
  if ((step < 0 && version <= 1) ||
      (step > 0 && version >= confab_message_get_n_versions (self->message)))
    return;

  g_signal_emit (self, signals[SWITCH_VERSION], 0, version + step);
}

static void
confab_version_switcher_previous_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  confab_version_switcher_step (CONFAB_VERSION_SWITCHER (widget), -1);
}

static void
confab_version_switcher_next_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  confab_version_switcher_step (CONFAB_VERSION_SWITCHER (widget), 1);
}

static void
confab_version_switcher_dispose (GObject *object)
{
  ConfabVersionSwitcher *self = (ConfabVersionSwitcher *)object;

  confab_version_switcher_set_message (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_VERSION_SWITCHER);

  G_OBJECT_CLASS (confab_version_switcher_parent_class)->dispose (object);
}

static void
confab_version_switcher_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  ConfabVersionSwitcher *self = CONFAB_VERSION_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_version_switcher_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  ConfabVersionSwitcher *self = CONFAB_VERSION_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      confab_version_switcher_set_message (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_version_switcher_class_init (ConfabVersionSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_version_switcher_dispose;
  object_class->get_property = confab_version_switcher_get_property;
  object_class->set_property = confab_version_switcher_set_property;

  /**
   * ConfabVersionSwitcher:message:
   *
   * The message whose versions it switches, or %NULL.
   */
  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL,
                         CONFAB_TYPE_MESSAGE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConfabVersionSwitcher::switch-version:
   * @self: a #ConfabVersionSwitcher
   * @version: the version to show, from 1
   *
   * Emitted when the person asks for the version before or after the
   * one shown.
   */
  signals[SWITCH_VERSION] =
    g_signal_new ("switch-version",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/confabapp/Confab/confab-version-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabVersionSwitcher, previous_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabVersionSwitcher, label);
  gtk_widget_class_bind_template_child (widget_class, ConfabVersionSwitcher, next_button);

  gtk_widget_class_install_action (widget_class, "versions.previous", NULL,
                                   confab_version_switcher_previous_action);
  gtk_widget_class_install_action (widget_class, "versions.next", NULL,
                                   confab_version_switcher_next_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "versionswitcher");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
confab_version_switcher_init (ConfabVersionSwitcher *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Rows are made by the dozen: see confab_tooltip_set_text(). */
  confab_tooltip_set_text (GTK_WIDGET (self->previous_button), _("Previous Version"));
  confab_tooltip_set_text (GTK_WIDGET (self->next_button), _("Next Version"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->previous_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Previous Version"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Next Version"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Versions"),
                                  -1);

  confab_version_switcher_update (self);
}

GtkWidget *
confab_version_switcher_new (void)
{
  return g_object_new (CONFAB_TYPE_VERSION_SWITCHER, NULL);
}

/**
 * confab_version_switcher_get_message:
 *
 * Returns: (transfer none) (nullable): the message whose versions it
 *   switches
 */
ConfabMessage *
confab_version_switcher_get_message (ConfabVersionSwitcher *self)
{
  g_return_val_if_fail (CONFAB_IS_VERSION_SWITCHER (self), NULL);

  return self->message;
}

/**
 * confab_version_switcher_set_message:
 * @message: (nullable): a message
 *
 * Shows where @message is among its versions, as that changes.
 */
void
confab_version_switcher_set_message (ConfabVersionSwitcher *self,
                                     ConfabMessage         *message)
{
  g_return_if_fail (CONFAB_IS_VERSION_SWITCHER (self));
  g_return_if_fail (!message || CONFAB_IS_MESSAGE (message));

  if (self->message == message)
    return;

  if (self->message != NULL)
    g_clear_signal_handler (&self->notify_handler, self->message);

  g_set_object (&self->message, message);

  if (self->message != NULL)
    self->notify_handler =
      g_signal_connect_object (self->message, "notify",
                               G_CALLBACK (confab_version_switcher_notify_cb),
                               self, G_CONNECT_SWAPPED);

  confab_version_switcher_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}
