/* confab-composer.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-composer-private.h"
#include "confab-label.h"
#include "confab-popover.h"
#include "confab-tooltip.h"

/* The prompt input below the conversation: a growing text view with a
 * Send button that turns into a Stop button while an answer is being
 * generated.
 *
 * Enter sends and Shift+Enter starts a new line; with
 * #ConfabComposer:send-with-control, Ctrl+Enter sends and Enter starts a
 * new line.  Either way an Enter that confirms the pre-edit text of an
 * input method (Hangul, kana, pinyin) belongs to the input method and
 * never sends.
 */

G_DEFINE_FINAL_TYPE (ConfabComposer, confab_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_SEND_WITH_CONTROL,
  PROP_TEXT,
  N_PROPS
};

enum {
  SEND,
  STOP,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum
{
  /* Let the text view insert a line break. */
  ENTER_INSERT_NEWLINE,
  /* Let the input method have the key to commit its pre-edit text. */
  ENTER_CONFIRM_PREEDIT,
  /* The key is an input method's echo of a confirming Enter. */
  ENTER_IGNORE_IME_ECHO,
  /* Nothing to do: a reply is being generated or the text is blank. */
  ENTER_IGNORE,
  ENTER_SEND,
} EnterAction;

static gboolean
is_not_space (gunichar ch,
              gpointer user_data)
{
  return !g_unichar_isspace (ch);
}

static GtkTextBuffer *
get_buffer (ConfabComposer *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

static gboolean
confab_composer_has_text (ConfabComposer *self)
{
  GtkTextIter iter;

  /* Images alone make a prompt. */
  if (self->attachments != NULL && self->attachments->len > 0)
    return TRUE;

  gtk_text_buffer_get_start_iter (get_buffer (self), &iter);

  if (gtk_text_iter_is_end (&iter))
    return FALSE;

  if (!g_unichar_isspace (gtk_text_iter_get_char (&iter)))
    return TRUE;

  /* Stops at the first character that is not white space, so this
   * stays cheap for long prompts.
   */
  return gtk_text_iter_forward_find_char (&iter, is_not_space, NULL, NULL);
}

/* Decides what an Enter key press with @state, delivered at @time,
 * means.  Shift+Enter is a line break; Ctrl+Enter sends; Enter sends,
 * or is a line break when Ctrl+Enter is the key that sends.  Only an
 * Enter that would not reach the input method can start a line here:
 * the one that confirms a pre-edit, and its echo, never do.
 */
static EnterAction
confab_composer_decide_enter_action (ConfabComposer  *self,
                                     GdkModifierType  state,
                                     guint32          time)
{
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  gboolean control = (state & GDK_CONTROL_MASK) != 0;

  if (shift && !control)
    return ENTER_INSERT_NEWLINE;

  if (self->preedit_active)
    return ENTER_CONFIRM_PREEDIT;

  if (self->has_ime_enter_time && time == self->ime_enter_time)
    return ENTER_IGNORE_IME_ECHO;

  if (self->send_with_control && !control)
    return ENTER_INSERT_NEWLINE;

  if (self->busy || !confab_composer_has_text (self))
    return ENTER_IGNORE;

  return ENTER_SEND;
}

static void
confab_composer_send (ConfabComposer *self)
{
  g_autofree char *text = NULL;

  if (self->busy)
    return;

  /* The estimate of the text as it is now, not as it was. */
  if (self->estimate_id != 0)
    _confab_composer_update_estimate (self);
  if (self->too_long)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  text = confab_composer_get_text (self);
  g_strstrip (text);

  if (text[0] == '\0' && self->attachments->len == 0)
    return;

  /* Not before every image is in. */
  if (self->n_loading > 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  g_signal_emit (self, signals[SEND], 0, text);
}

static void
confab_composer_update_placeholder (ConfabComposer *self)
{
  /* The pre-edit text is drawn in the view but is not in the buffer
   * yet: the placeholder must not show through it.
   */
  gboolean visible = gtk_text_buffer_get_char_count (get_buffer (self)) == 0 &&
                     !self->preedit_active;

  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label), visible);
}

void
_confab_composer_update_actions (ConfabComposer *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send",
                                 !self->busy && !self->too_long && confab_composer_has_text (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.stop", self->busy);
}

static void
confab_composer_update_send_tooltip (ConfabComposer *self)
{
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->send_button),
                               self->send_with_control ? _("Send Message (Ctrl+Enter)")
                                                       : _("Send Message (Enter)"));
}

static void
confab_composer_buffer_changed_cb (ConfabComposer *self,
                                   GtkTextBuffer  *buffer)
{
  g_assert (CONFAB_IS_COMPOSER (self));

  confab_composer_update_placeholder (self);
  _confab_composer_update_actions (self);
  _confab_composer_queue_estimate (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
confab_composer_preedit_changed_cb (ConfabComposer *self,
                                    const char     *preedit,
                                    GtkTextView    *text_view)
{
  g_assert (CONFAB_IS_COMPOSER (self));

  self->preedit_active = preedit != NULL && preedit[0] != '\0';

  confab_composer_update_placeholder (self);
}

static gboolean
confab_composer_key_pressed_cb (ConfabComposer        *self,
                                guint                  keyval,
                                guint                  keycode,
                                GdkModifierType        state,
                                GtkEventControllerKey *controller)
{
  guint32 time;

  g_assert (CONFAB_IS_COMPOSER (self));

  if (keyval != GDK_KEY_Return &&
      keyval != GDK_KEY_KP_Enter &&
      keyval != GDK_KEY_ISO_Enter)
    return GDK_EVENT_PROPAGATE;

  time = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (controller));

  return confab_composer_handle_enter (self, state, time);
}

static void
confab_composer_send_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  confab_composer_send (CONFAB_COMPOSER (widget));
}

static void
confab_composer_stop_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  ConfabComposer *self = CONFAB_COMPOSER (widget);

  if (self->busy)
    g_signal_emit (self, signals[STOP], 0);
}

static gboolean
confab_composer_grab_focus_vfunc (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  /* Moving the focus with Shift+Tab, GTK asks the composer itself for
   * it once its children gave it up: it is not taken back to the text
   * then, or the focus could never leave the composer upward.
   */
  if (focus != NULL && gtk_widget_is_ancestor (focus, widget))
    return FALSE;

  return confab_composer_grab_focus (CONFAB_COMPOSER (widget));
}

static void
confab_composer_dispose (GObject *object)
{
  ConfabComposer *self = (ConfabComposer *)object;

  g_clear_handle_id (&self->estimate_id, g_source_remove);
  g_clear_object (&self->pricing);
  g_clear_object (&self->estimator);
  g_clear_pointer (&self->estimate_model, g_free);
  _confab_composer_dispose_attachments (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_COMPOSER);

  G_OBJECT_CLASS (confab_composer_parent_class)->dispose (object);
}

static void
confab_composer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ConfabComposer *self = CONFAB_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_SEND_WITH_CONTROL:
      g_value_set_boolean (value, self->send_with_control);
      break;

    case PROP_TEXT:
      g_value_take_string (value, confab_composer_get_text (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_composer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ConfabComposer *self = CONFAB_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      confab_composer_set_busy (self, g_value_get_boolean (value));
      break;

    case PROP_SEND_WITH_CONTROL:
      confab_composer_set_send_with_control (self, g_value_get_boolean (value));
      break;

    case PROP_TEXT:
      confab_composer_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_composer_class_init (ConfabComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_composer_dispose;
  object_class->get_property = confab_composer_get_property;
  object_class->set_property = confab_composer_set_property;

  widget_class->grab_focus = confab_composer_grab_focus_vfunc;

  /**
   * ConfabComposer:busy:
   *
   * Whether an answer is being generated.  While busy the Send button
   * is a Stop button and Enter does not send.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * ConfabComposer:send-with-control:
   *
   * Whether Ctrl+Enter sends, Enter starting a new line, instead of
   * Enter sending.
   */
  properties[PROP_SEND_WITH_CONTROL] =
    g_param_spec_boolean ("send-with-control", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * ConfabComposer:text:
   *
   * The text typed so far.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConfabComposer::send:
   * @self: a #ConfabComposer
   * @text: the text to send, without leading and trailing white space
   *
   * Emitted when the person sends text that is not blank, or images
   * (confab_composer_get_attachments()) with or without text.  The
   * composer keeps them: call confab_composer_clear() once they are
   * accepted.
   */
  signals[SEND] =
    g_signal_new ("send",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * ConfabComposer::stop:
   * @self: a #ConfabComposer
   *
   * Emitted when the person asks to stop the answer being generated.
   */
  signals[STOP] =
    g_signal_new ("stop",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/confabapp/Confab/confab-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, attach_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, attach_error_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, attachments_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, attachments_window);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, box);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, button_stack);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, estimate_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, estimate_details_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, estimate_label);
  gtk_widget_class_bind_template_callback (widget_class, _confab_composer_estimate_popover_prepare_cb);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, outer_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, stop_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, warning_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabComposer, editing_box);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL,
                                   confab_composer_send_action);
  gtk_widget_class_install_action (widget_class, "composer.stop", NULL,
                                   confab_composer_stop_action);
  _confab_composer_class_init_attachments (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");

  /* The estimate's popover, as tall as its text on GTK 4.8 too. */
  g_type_ensure (CONFAB_TYPE_POPOVER);
}

static void
confab_composer_init (ConfabComposer *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  _confab_composer_init_attachments (self);

  /* Korean breaks its lines between words, not inside one. */
  confab_label_keep_words (self->estimate_details_label);
  /* A tooltip that GTK 4.8 does not break in Korean. */
  confab_tooltip_set_text (GTK_WIDGET (self->estimate_button), _("How This Estimate Is Made"));

  /* The capture phase sees Enter before the text view hands it to the
   * input method or inserts a line break.
   */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller,
                           "key-pressed",
                           G_CALLBACK (confab_composer_key_pressed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);

  g_signal_connect_object (self->text_view,
                           "preedit-changed",
                           G_CALLBACK (confab_composer_preedit_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (get_buffer (self),
                           "changed",
                           G_CALLBACK (confab_composer_buffer_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_PLACEHOLDER, _("Ask anything…"),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);

  gtk_stack_set_visible_child_name (self->button_stack, "send");
  confab_composer_update_send_tooltip (self);
  confab_composer_update_placeholder (self);
  _confab_composer_update_actions (self);

  /* The tooltips of the template and the Send button's, in labels that
   * GTK 4.8 does not break in Korean.
   */
  confab_tooltip_attach (GTK_WIDGET (self));
}

GtkWidget *
confab_composer_new (void)
{
  return g_object_new (CONFAB_TYPE_COMPOSER, NULL);
}

/**
 * confab_composer_get_text:
 * @self: a #ConfabComposer
 *
 * Returns: (transfer full): the text typed so far
 */
char *
confab_composer_get_text (ConfabComposer *self)
{
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (CONFAB_IS_COMPOSER (self), NULL);

  gtk_text_buffer_get_bounds (get_buffer (self), &start, &end);

  return gtk_text_buffer_get_text (get_buffer (self), &start, &end, FALSE);
}

/**
 * confab_composer_set_text:
 * @self: a #ConfabComposer
 * @text: (nullable): the new text
 *
 * Replaces the text, leaving the cursor at its end.
 */
void
confab_composer_set_text (ConfabComposer *self,
                          const char     *text)
{
  GtkTextIter end;

  g_return_if_fail (CONFAB_IS_COMPOSER (self));

  /* The buffer's ::changed handler notifies :text. */
  gtk_text_buffer_set_text (get_buffer (self), text ? text : "", -1);

  gtk_text_buffer_get_end_iter (get_buffer (self), &end);
  gtk_text_buffer_place_cursor (get_buffer (self), &end);
}

/**
 * confab_composer_clear:
 * @self: a #ConfabComposer
 *
 * Removes all the text and images, typically once a sent prompt was
 * accepted.
 */
void
confab_composer_clear (ConfabComposer *self)
{
  g_return_if_fail (CONFAB_IS_COMPOSER (self));

  confab_composer_set_attachments (self, NULL);
  confab_composer_set_text (self, NULL);
}

/**
 * confab_composer_set_editing:
 * @editing: whether the text is a sent prompt taken back to be edited
 *
 * While editing, a line above the text says that what is sent becomes
 * a new version of the prompt, with a Cancel button (`win.cancel-edit`).
 */
void
confab_composer_set_editing (ConfabComposer *self,
                             gboolean        editing)
{
  g_return_if_fail (CONFAB_IS_COMPOSER (self));

  gtk_widget_set_visible (self->editing_box, editing);
}

gboolean
confab_composer_get_editing (ConfabComposer *self)
{
  g_return_val_if_fail (CONFAB_IS_COMPOSER (self), FALSE);

  return gtk_widget_get_visible (self->editing_box);
}

gboolean
confab_composer_get_busy (ConfabComposer *self)
{
  g_return_val_if_fail (CONFAB_IS_COMPOSER (self), FALSE);

  return self->busy;
}

/**
 * confab_composer_set_busy:
 * @self: a #ConfabComposer
 * @busy: whether an answer is being generated
 *
 * While busy the Send button becomes a Stop button and Enter is
 * ignored; the text can still be edited.
 */
void
confab_composer_set_busy (ConfabComposer *self,
                          gboolean        busy)
{
  gboolean stop_had_focus;

  g_return_if_fail (CONFAB_IS_COMPOSER (self));

  busy = !!busy;

  if (self->busy == busy)
    return;

  stop_had_focus = gtk_widget_has_focus (GTK_WIDGET (self->stop_button));

  self->busy = busy;

  gtk_stack_set_visible_child_name (self->button_stack, busy ? "stop" : "send");
  _confab_composer_update_actions (self);

  /* Do not drop the focus on the floor when the button under it goes. */
  if (stop_had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * confab_composer_grab_focus:
 * @self: a #ConfabComposer
 *
 * Puts the keyboard focus in the text view.
 *
 * Returns: %TRUE if the text view has the focus now
 */
gboolean
confab_composer_grab_focus (ConfabComposer *self)
{
  g_return_val_if_fail (CONFAB_IS_COMPOSER (self), FALSE);

  return gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/**
 * confab_composer_get_text_view:
 * @self: a #ConfabComposer
 *
 * Returns: (transfer none): the text view, for tests
 */
GtkTextView *
confab_composer_get_text_view (ConfabComposer *self)
{
  g_return_val_if_fail (CONFAB_IS_COMPOSER (self), NULL);

  return self->text_view;
}

/**
 * confab_composer_handle_enter:
 * @self: a #ConfabComposer
 * @state: the modifiers held with the key
 * @time: the time of the key event
 *
 * What the composer does with an Enter key press; its key handler calls
 * this, and tests call it directly.
 *
 * - Shift+Enter is left to the text view, which inserts a line break.
 * - While an input method shows pre-edit text, Enter is left to the
 *   input method, which commits the text; the time is remembered.
 * - An Enter with that remembered time is the input method delivering
 *   the key again after committing: it is swallowed, so confirming a
 *   Hangul syllable never sends and never adds a line break.
 * - While busy, or while the text is blank, Enter is swallowed.
 * - With #ConfabComposer:send-with-control, Enter without Ctrl is left
 *   to the text view, which inserts a line break.
 * - Otherwise Enter (or Ctrl+Enter) emits #ConfabComposer::send.
 *
 * Returns: %TRUE if the key was consumed, %FALSE to let the text view
 *   and the input method handle it
 */
gboolean
confab_composer_handle_enter (ConfabComposer  *self,
                              GdkModifierType  state,
                              guint32          time)
{
  g_return_val_if_fail (CONFAB_IS_COMPOSER (self), FALSE);

  switch (confab_composer_decide_enter_action (self, state, time))
    {
    case ENTER_INSERT_NEWLINE:
      return GDK_EVENT_PROPAGATE;

    case ENTER_CONFIRM_PREEDIT:
      self->ime_enter_time = time;
      self->has_ime_enter_time = TRUE;
      return GDK_EVENT_PROPAGATE;

    case ENTER_IGNORE_IME_ECHO:
      self->has_ime_enter_time = FALSE;
      return GDK_EVENT_STOP;

    case ENTER_IGNORE:
      return GDK_EVENT_STOP;

    case ENTER_SEND:
      confab_composer_send (self);
      return GDK_EVENT_STOP;

    default:
      g_assert_not_reached ();
      return GDK_EVENT_PROPAGATE;
    }
}

gboolean
confab_composer_get_send_with_control (ConfabComposer *self)
{
  g_return_val_if_fail (CONFAB_IS_COMPOSER (self), FALSE);

  return self->send_with_control;
}

/**
 * confab_composer_set_send_with_control:
 * @self: a #ConfabComposer
 * @send_with_control: whether Ctrl+Enter sends instead of Enter
 *
 * Chooses the key that sends; the other Enter starts a new line, and
 * the Send button's tooltip names the one that sends.
 */
void
confab_composer_set_send_with_control (ConfabComposer *self,
                                       gboolean        send_with_control)
{
  g_return_if_fail (CONFAB_IS_COMPOSER (self));

  send_with_control = !!send_with_control;

  if (self->send_with_control == send_with_control)
    return;

  self->send_with_control = send_with_control;
  confab_composer_update_send_tooltip (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEND_WITH_CONTROL]);
}
