/* confab-window.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-accessible.h"
#include "confab-message-row.h"
#include "confab-request.h"
#include "confab-tooltip.h"
#include "confab-window-size.h"
#include "confab-usage-cost.h"
#include "confab-window-private.h"

G_DEFINE_FINAL_TYPE (ConfabWindow, confab_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Shows whether the answer of the conversation on screen is on its way:
 * another chat's answer does not keep this one from asking.
 */
void
confab_window_update_busy (ConfabWindow *self)
{
  gboolean busy = self->exchanges != NULL && confab_exchanges_get_busy (self->exchanges, self->conversation);

  /* An answer can end after the window was closed. */
  if (self->composer == NULL)
    return;

  confab_composer_set_busy (self->composer, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", busy);

  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      /* The answer that came back changes what the next request carries. */
      confab_window_update_estimate (self);
    }
}

static void
confab_window_busy_changed_cb (ConfabWindow       *self,
                               ConfabConversation *conversation,
                               ConfabExchanges    *exchanges)
{
  if (conversation == self->conversation)
    confab_window_update_busy (self);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

static void
confab_window_update_pages (ConfabWindow *self)
{
  const char *api_key = confab_key_store_get_api_key (self->key_store);
  g_autofree char *base_url = g_settings_get_string (self->settings, "base-url");
  const char *chat_model = self->conversation ? confab_conversation_get_model (self->conversation) : NULL;
  g_autofree char *model = chat_model ? g_strdup (chat_model) : g_settings_get_string (self->settings, "model");
  g_autofree char *description = NULL;
  g_autofree char *model_name = NULL;
  gboolean has_messages;
  gboolean needs_key;

  /* A key still being read from the keyring is not asked for. */
  needs_key = api_key != NULL && is_blank (api_key) && !confab_request_is_local_url (base_url);
  has_messages = g_list_model_get_n_items (G_LIST_MODEL (self->conversation)) > 0;

  /* Once a conversation has started it stays visible, key or not.  The
   * focus goes from the welcome page to the composer, not to the first
   * message (GtkStack would give it to the first thing that takes it,
   * a prompt's text, which then shows all selected).
   */
  if (!(needs_key && !has_messages) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "welcome") == 0)
    {
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "chat");
      confab_composer_grab_focus (self->composer);
    }
  gtk_stack_set_visible_child_name (self->main_stack, needs_key && !has_messages ? "welcome" : "chat");
  gtk_stack_set_visible_child_name (self->conversation_stack, has_messages ? "messages" : "empty");

  /* The header shows the chat's model and picks another. */
  if (g_strcmp0 (gtk_label_get_text (self->model_label), model) != 0)
    {
      gtk_label_set_text (self->model_label, model);
      /* Translators: the accessible name of the header's model button; %s is a model name. */
      model_name = g_strdup_printf (_("Model: %s"), model);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->model_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, model_name,
                                      -1);
    }
  confab_model_picker_set_model (self->model_picker, model);

  /* Translators: %s is a model name such as gemini-3.1-pro-preview. */
  description = g_strdup_printf (_("Ask %s anything. Every answer shows the tokens it used."), model);
  adw_status_page_set_description (self->empty_page, description);
}

/* A model picked in the header becomes the chat's own, as in the chat
 * settings; picking what the chat already uses changes nothing.
 */
static void
confab_window_model_picked_cb (ConfabWindow *self)
{
  const char *picked = confab_model_picker_get_model (self->model_picker);
  const char *chat_model;
  g_autofree char *model = NULL;

  if (self->conversation == NULL || self->settings == NULL || picked == NULL || *picked == '\0')
    return;

  chat_model = confab_conversation_get_model (self->conversation);
  model = chat_model ? g_strdup (chat_model) : g_settings_get_string (self->settings, "model");
  if (g_strcmp0 (model, picked) != 0)
    confab_conversation_set_model (self->conversation, picked);
}

/* How many complete answers of the conversation reported no usage: the
 * total counts them as requests, and adds nothing for them.
 */
static guint
confab_window_count_unreported (ConfabWindow *self)
{
  GListModel *messages = G_LIST_MODEL (self->conversation);
  guint n_items = g_list_model_get_n_items (messages);
  guint n_unreported = 0;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i);

      if (confab_message_get_role (message) == CONFAB_ROLE_ASSISTANT &&
          confab_message_get_state (message) == CONFAB_MESSAGE_STATE_COMPLETE &&
          confab_message_get_usage (message) == NULL)
        n_unreported++;
    }

  return n_unreported;
}

/* Below this width the chat's total leaves the header bar, which then
 * fits in 360 px with minimize and maximize buttons (the metainfo says
 * 360); each answer still shows its own usage.  It is wider than the
 * header's minimum with the total, so that showing the total never asks
 * for more than the window has.
 */
#define TOTAL_MIN_WINDOW_WIDTH 600

static void
confab_window_update_total_visible (ConfabWindow *self)
{
  int width = 0, height = 0;
  gboolean wide;

  /* Also while the window is disposed. */
  if (self->total_button == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  wide = width <= 0 || width >= TOTAL_MIN_WINDOW_WIDTH ||
         gtk_window_is_maximized (GTK_WINDOW (self)) ||
         gtk_window_is_fullscreen (GTK_WINDOW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->total_button),
                          wide && self->conversation != NULL &&
                          confab_conversation_get_n_answers (self->conversation) > 0);
}

static void
confab_window_update_total (ConfabWindow *self)
{
  ConfabUsage *usage = confab_conversation_get_usage (self->conversation);
  guint n_answers = confab_conversation_get_n_answers (self->conversation);
  gint64 total = confab_usage_get_field (usage, CONFAB_USAGE_FIELD_TOTAL);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  ConfabPricing *pricing = NULL;
  g_autofree char *label = NULL;
  g_autofree char *cost_text = NULL;
  g_autofree char *cost_source = NULL;
  guint n_unreported = confab_window_count_unreported (self);
  guint n_costed;
  double cost;

  confab_window_update_total_visible (self);
  confab_usage_popover_set_usage (self->total_popover, usage);
  confab_usage_popover_set_requests (self->total_popover, n_answers, n_unreported);

  /* A cost only when at least one answer's model has a price, and
   * saying so when it counts only some of the answers that reported
   * their usage, as the usage window does.
   */
  if (CONFAB_IS_APPLICATION (app))
    pricing = confab_application_get_pricing (CONFAB_APPLICATION (app));
  n_costed = confab_usage_cost_for_messages (pricing, G_LIST_MODEL (self->conversation), &cost);
  if (n_costed > 0)
    {
      cost_text = confab_pricing_format_cost (cost);
      cost_source = confab_usage_cost_format_sources (pricing, G_LIST_MODEL (self->conversation));
    }
  confab_usage_popover_set_cost (self->total_popover, cost_text);
  confab_usage_popover_set_cost_source (self->total_popover, cost_source);
  confab_usage_popover_set_cost_counts (self->total_popover, n_costed, n_answers - n_unreported);

  if (total != CONFAB_USAGE_MISSING)
    {
      g_autofree char *count = confab_usage_format_count (total);

      /* Translators: the running token total of the conversation. */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s token", "%s tokens", (gulong) MIN (total, G_MAXLONG)), count);
    }
  else
    {
      label = g_strdup (_("Usage not reported"));
    }

  gtk_menu_button_set_label (self->total_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->total_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* The rows of the message list are made by its template
 * (confab-window.ui), which reaches the window only through the
 * callbacks of the window's template scope.
 */
static void
confab_window_row_retry_cb (ConfabMessageRow *row,
                            gpointer          user_data)
{
  GtkWidget *self = gtk_widget_get_ancestor (GTK_WIDGET (row), CONFAB_TYPE_WINDOW);

  if (self != NULL)
    confab_window_retry_cb (CONFAB_WINDOW (self), row);
}

static void
confab_window_row_edit_cb (ConfabMessageRow *row,
                           gpointer          user_data)
{
  GtkWidget *self = gtk_widget_get_ancestor (GTK_WIDGET (row), CONFAB_TYPE_WINDOW);

  if (self != NULL)
    confab_window_edit_cb (CONFAB_WINDOW (self), row);
}

static void
confab_window_row_regenerate_cb (ConfabMessageRow *row,
                                 gpointer          user_data)
{
  GtkWidget *self = gtk_widget_get_ancestor (GTK_WIDGET (row), CONFAB_TYPE_WINDOW);

  if (self != NULL)
    confab_window_regenerate_cb (CONFAB_WINDOW (self), row);
}

static void
confab_window_row_show_version_cb (ConfabMessageRow *row,
                                   guint             version,
                                   gpointer          user_data)
{
  GtkWidget *self = gtk_widget_get_ancestor (GTK_WIDGET (row), CONFAB_TYPE_WINDOW);

  if (self != NULL)
    confab_window_show_version_cb (CONFAB_WINDOW (self), version, row);
}

static void
confab_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (confab_window_parent_class)->realize (widget);

  confab_window_view_realize (CONFAB_WINDOW (widget));
}

static void
confab_window_unrealize (GtkWidget *widget)
{
  confab_window_view_unrealize (CONFAB_WINDOW (widget));

  GTK_WIDGET_CLASS (confab_window_parent_class)->unrealize (widget);
}

static void
confab_window_items_changed_cb (ConfabWindow *self,
                                guint         position,
                                guint         removed,
                                guint         added,
                                GListModel   *model)
{
  confab_window_update_pages (self);
}

/* Shows @conversation in the message list; the history code decides
 * which conversation that is.
 */
void
confab_window_set_conversation (ConfabWindow       *self,
                                ConfabConversation *conversation)
{
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
  g_set_object (&self->conversation, conversation);
  g_clear_object (&self->editing);
  if (self->composer != NULL)
    confab_composer_set_editing (self->composer, FALSE);

  g_signal_connect_object (self->conversation, "items-changed",
                           G_CALLBACK (confab_window_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::usage",
                           G_CALLBACK (confab_window_update_total),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::model",
                           G_CALLBACK (confab_window_update_pages),
                           self, G_CONNECT_SWAPPED);
  confab_window_estimate_watch (self);

  if (self->settings != NULL)
    confab_chat_settings_set_conversation (self->chat_settings, conversation, self->settings);

  /* The rows of the chat before show the messages of this one.  A new
   * chat shows no list: the rows stay, showing nothing, until its first
   * message, and meanwhile let go of the messages they showed.
   */
  g_clear_object (&self->tail);
  self->tail = confab_tail_model_new (G_LIST_MODEL (self->conversation),
                                     confab_window_view_count_first_messages (self, G_LIST_MODEL (self->conversation)));
  if (g_list_model_get_n_items (G_LIST_MODEL (self->tail)) == 0)
    confab_slot_model_set_empty_model (self->slots, G_LIST_MODEL (self->tail));
  else
    confab_slot_model_set_model (self->slots, G_LIST_MODEL (self->tail));

  confab_window_follow (self);
  confab_window_update_pages (self);
  confab_window_update_total (self);
  confab_window_update_busy (self);
  confab_composer_grab_focus (self->composer);
}

/* A focused window showing a chat: the notification of its answer, if
 * one is out, has done its work.
 */
static void
confab_window_chat_seen (ConfabWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  gint64 id = confab_window_history_get_current_id (self);

  if (CONFAB_IS_APPLICATION (app) && id != 0 && gtk_window_is_active (GTK_WINDOW (self)))
    confab_application_chat_seen (CONFAB_APPLICATION (app), id);
}

/**
 * confab_window_update_title:
 * @self: a #ConfabWindow
 *
 * Titles the window after the chat it shows, as the sidebar does, so
 * that the window list and screen readers name the chat; the title
 * follows when the chat is renamed.
 */
void
confab_window_update_title (ConfabWindow *self)
{
  gint64 id = confab_window_history_get_current_id (self);
  ConfabConversationInfo *info = NULL;
  const char *title = NULL;

  if (self->store != NULL && id != 0)
    info = confab_store_lookup_conversation (self->store, id);

  if (info != self->title_info)
    {
      if (self->title_info != NULL)
        g_signal_handlers_disconnect_by_func (self->title_info, confab_window_update_title, self);
      g_set_object (&self->title_info, info);
      if (info != NULL)
        g_signal_connect_object (info, "notify::title",
                                 G_CALLBACK (confab_window_update_title),
                                 self, G_CONNECT_SWAPPED);
    }

  if (info != NULL)
    title = confab_conversation_info_get_title (info);
  if (title == NULL || *title == '\0')
    title = _("New Chat");

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);

  /* The window shows this chat now. */
  confab_window_chat_seen (self);
}

static void
confab_window_stop_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);

  if (self->exchanges != NULL)
    confab_exchanges_stop (self->exchanges, self->conversation);
}

static void
confab_window_toast_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);
  AdwToast *toast = adw_toast_new (g_variant_get_string (parameter, NULL));

  adw_toast_set_timeout (toast, 2);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Connects the window to the application's client and settings, which
 * it only has once the "application" property is set.
 */
static void
confab_window_load (ConfabWindow        *self,
                    ConfabApplication   *app,
                    ConfabWindowLoading *prefetch)
{
  self->client = g_object_ref (confab_application_get_client (app));
  self->settings = g_object_ref (confab_application_get_settings (app));
  self->key_store = g_object_ref (confab_application_get_key_store (app));
  self->exchanges = g_object_ref (confab_application_get_exchanges (app));

  g_signal_connect_object (self->exchanges, "busy-changed",
                           G_CALLBACK (confab_window_busy_changed_cb),
                           self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->key_store, "notify::api-key",
                           G_CALLBACK (confab_window_update_pages),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->key_store, "notify::ready",
                           G_CALLBACK (confab_window_update_pages),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::base-url",
                           G_CALLBACK (confab_window_update_pages),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::model",
                           G_CALLBACK (confab_window_update_pages),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "notify::is-active",
                           G_CALLBACK (confab_window_chat_seen),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::send-key",
                           G_CALLBACK (confab_window_update_send_key),
                           self, G_CONNECT_SWAPPED);
  confab_window_update_send_key (self);
  /* Prices entered in Preferences show in the total at once. */
  g_signal_connect_object (app, "notify::pricing",
                           G_CALLBACK (confab_window_update_total),
                           self, G_CONNECT_SWAPPED);

  confab_model_picker_set_model_list (self->model_picker, confab_application_get_model_list (app));
  g_signal_connect_object (self->model_picker, "notify::model",
                           G_CALLBACK (confab_window_model_picked_cb),
                           self, G_CONNECT_SWAPPED);

  confab_window_estimate_load (self, app);
  confab_window_history_load (self, prefetch);

  /* Focus starts where people type; without a key, on the way to one. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "welcome") == 0)
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->welcome_button));
  else
    confab_composer_grab_focus (self->composer);
}

static void
confab_window_dispose (GObject *object)
{
  ConfabWindow *self = (ConfabWindow *)object;

  /* The answer on its way goes on: it is the application's. */
  confab_window_history_dispose (self);
  confab_window_estimate_dispose (self);
  g_clear_handle_id (&self->show_more_id, g_source_remove);
  g_clear_handle_id (&self->view_idle_id, g_source_remove);
  g_clear_weak_pointer (&self->shortcuts);

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_WINDOW);
#endif

  G_OBJECT_CLASS (confab_window_parent_class)->dispose (object);
}

static void
confab_window_finalize (GObject *object)
{
  ConfabWindow *self = (ConfabWindow *)object;

  g_clear_object (&self->title_info);
  g_clear_object (&self->tail);
  g_clear_object (&self->slots);
  g_clear_object (&self->conversation);
  g_clear_object (&self->editing);
  g_clear_object (&self->settings);
  g_clear_object (&self->key_store);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (confab_window_parent_class)->finalize (object);
}

static void
confab_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ConfabWindow *self = CONFAB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_window_class_init (ConfabWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_window_dispose;
  object_class->finalize = confab_window_finalize;
  object_class->get_property = confab_window_get_property;

  widget_class->realize = confab_window_realize;
  widget_class->unrealize = confab_window_unrealize;
  /* Before any window shows a button; see confab-accessible.c. */
  confab_accessible_init ();

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CONFAB_TYPE_APPLICATION);
  g_type_ensure (CONFAB_TYPE_CHAT_SETTINGS);
  g_type_ensure (CONFAB_TYPE_COMPOSER);
  g_type_ensure (CONFAB_TYPE_MESSAGE_ROW);
  g_type_ensure (CONFAB_TYPE_MODEL_PICKER);
  g_type_ensure (CONFAB_TYPE_SIDEBAR);
  g_type_ensure (CONFAB_TYPE_SLOT);
  g_type_ensure (CONFAB_TYPE_USAGE_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, chat_settings);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, composer);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, conversation_stack);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, jump_revealer);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, message_list);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, model_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, model_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, model_picker);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, new_chat_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, store_error_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, store_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, total_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, total_popover);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, welcome_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabWindow, window_title);

  gtk_widget_class_bind_template_callback (widget_class, confab_window_row_edit_cb);
  gtk_widget_class_bind_template_callback (widget_class, confab_window_row_retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, confab_window_row_regenerate_cb);
  gtk_widget_class_bind_template_callback (widget_class, confab_window_row_show_version_cb);

  gtk_widget_class_install_action (widget_class, "win.stop", NULL, confab_window_stop_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", confab_window_toast_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);

  confab_window_history_class_init (widget_class);
  confab_window_chats_class_init (widget_class);
  confab_window_exchange_class_init (widget_class);
  confab_window_view_class_init (widget_class);
}

/* A chat opened with fewer messages keeps the rows of the longest: a
 * long answer's row then lets go of its widgets a few at a time.
 */
static guint64
confab_window_weigh_message (gpointer item)
{
  return item != NULL ? confab_message_get_content_length (item) : 0;
}

static void
confab_window_init (ConfabWindow *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->slots = confab_slot_model_new ();
  confab_slot_model_set_weigh_func (self->slots, confab_window_weigh_message);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->slots)));
  gtk_list_view_set_model (self->message_list, GTK_SELECTION_MODEL (selection));
  /* The smallest size of confab-window.ui is its content's, whatever
   * GTK's window frame takes.
   */
  confab_window_size_keep_for_content (GTK_WINDOW (self),
                                       adw_application_window_get_content (ADW_APPLICATION_WINDOW (self)));

  self->stick_to_bottom = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", FALSE);

  /* GTK keeps the default size as the window is resized. */
  g_signal_connect (self, "notify::default-width", G_CALLBACK (confab_window_update_total_visible), NULL);
  g_signal_connect (self, "notify::maximized", G_CALLBACK (confab_window_update_total_visible), NULL);
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (confab_window_update_total_visible), NULL);

  {
    static const GActionEntry entries[] = {
      { .name = "show-help-overlay", .activate = confab_window_show_shortcuts },
    };

    g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  }

  confab_window_history_init (self);

  g_signal_connect_object (self->composer, "send",
                           G_CALLBACK (confab_window_send_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->composer, "stop",
                           G_CALLBACK (confab_window_stop_cb),
                           self, G_CONNECT_SWAPPED);

  confab_window_view_init (self);

  /* Tooltips that GTK 4.8 does not break in Korean, once the parts of
   * the template are in their places.
   */
  confab_tooltip_attach (GTK_WIDGET (self));
}

ConfabWindow *
confab_window_new (ConfabApplication *application)
{
  ConfabWindowLoading *prefetch;
  ConfabWindow *self;

  g_return_val_if_fail (CONFAB_IS_APPLICATION (application), NULL);

  /* The store reads the last chat while the window is built. */
  prefetch = confab_window_history_prefetch (application);
  self = g_object_new (CONFAB_TYPE_WINDOW,
                       "application", application,
                       NULL);
  confab_window_load (self, application, prefetch);
  confab_usage_popover_set_credits_monitor (self->total_popover,
                                            confab_application_get_credits_monitor (application));

  return self;
}

ConfabConversation *
confab_window_get_conversation (ConfabWindow *self)
{
  g_return_val_if_fail (CONFAB_IS_WINDOW (self), NULL);

  return self->conversation;
}

gboolean
confab_window_get_busy (ConfabWindow *self)
{
  g_return_val_if_fail (CONFAB_IS_WINDOW (self), FALSE);

  return self->busy;
}

/**
 * confab_window_get_loading:
 *
 * Returns: whether a conversation is on its way from the store, to be
 *   shown or, when another was chosen since, not
 */
gboolean
confab_window_get_loading (ConfabWindow *self)
{
  g_return_val_if_fail (CONFAB_IS_WINDOW (self), FALSE);

  return self->n_loading > 0;
}
