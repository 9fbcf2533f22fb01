/* confab-window-history.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-window-private.h"

/* The window's side of the kept conversations: the sidebar, switching
 * between chats and drafts (confab-window-chats.c has what is done to a
 * chat: delete with Undo, rename, export).  Without a store the window
 * still chats; it says why nothing is kept.
 */

/* A conversation on its way from the store.  The last one starts to
 * load before the window is built (see confab_window_history_prefetch()),
 * so the window may wait for it after the messages arrived.  The window
 * is a weak reference: a loading does not keep a closed window.
 */
struct _ConfabWindowLoading
{
  GWeakRef      window;
  gboolean      waited;
  ConfabStore  *store;
  gint64        conversation_id;
  gint64        message_id;
  guint         generation;
  GListStore   *messages;
  GError       *error;
  gboolean      done;
  gboolean      abandoned;
};

typedef ConfabWindowLoading Loading;

static void
loading_free (Loading *loading)
{
  g_weak_ref_clear (&loading->window);
  g_clear_object (&loading->store);
  g_clear_object (&loading->messages);
  g_clear_error (&loading->error);
  g_free (loading);
}

gint64
confab_window_history_get_current_id (ConfabWindow *self)
{
  return self->exchanges != NULL ? confab_exchanges_get_conversation_id (self->exchanges, self->conversation) : 0;
}

/* The unsent text belongs to the chat it was typed in. */
static void
save_draft (ConfabWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  gint64 id = confab_window_history_get_current_id (self);

  /* Before the first chat is shown, the composer holds nobody's text. */
  if (self->store == NULL || self->conversation == NULL)
    return;

  /* A chat that was just deleted keeps nothing. */
  if (id != 0 && confab_store_lookup_conversation (self->store, id) == NULL)
    return;

  draft = confab_composer_get_text (self->composer);
  if (g_strcmp0 (draft, confab_store_get_draft (self->store, id)) == 0)
    return;

  if (!confab_store_set_draft (self->store, id, draft, &error))
    g_warning ("Could not keep the draft: %s", error->message);
}

static void
save_failed_cb (ConfabWindow       *self,
                ConfabConversation *conversation,
                const GError       *error,
                ConfabExchanges    *exchanges)
{
  g_autofree char *text = NULL;

  if (conversation != self->conversation)
    return;

  text = g_strdup_printf (_("Could not save the chat: %s"), error->message);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static void
stored_cb (ConfabWindow       *self,
           ConfabConversation *conversation,
           gint64              id,
           ConfabExchanges    *exchanges)
{
  if (conversation != self->conversation || self->store == NULL)
    return;

  /* The new chat's draft was sent: it is this conversation now. */
  confab_store_set_draft (self->store, 0, "", NULL);

  confab_sidebar_select (self->sidebar, id);
  confab_store_set_last_conversation (self->store, id, NULL);
  confab_window_update_title (self);
}

/* Shows @conversation, kept as @conversation_id (0 for a new chat), or
 * the live conversation kept as @conversation_id when there is one.
 */
static void
show_conversation (ConfabWindow       *self,
                   ConfabConversation *conversation,
                   gint64              conversation_id)
{
  g_autoptr(ConfabConversation) previous = NULL;
  const char *draft = NULL;

  save_draft (self);

  previous = self->conversation != NULL ? g_object_ref (self->conversation) : NULL;
  conversation = confab_exchanges_hold (self->exchanges, conversation, conversation_id);
  confab_window_set_conversation (self, conversation);
  if (previous != NULL)
    confab_exchanges_release (self->exchanges, previous);

  if (self->store == NULL)
    return;

  draft = confab_store_get_draft (self->store, conversation_id);
  confab_composer_set_text (self->composer, draft != NULL ? draft : "");
  /* Images are not kept with a draft: they would go to another chat. */
  confab_composer_set_attachments (self->composer, NULL);

  confab_sidebar_select (self->sidebar, conversation_id);
  confab_store_set_last_conversation (self->store, conversation_id, NULL);
  confab_window_update_title (self);
}

static void
show_content (ConfabWindow *self)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_navigation_split_view_set_show_content (ADW_NAVIGATION_SPLIT_VIEW (self->split), TRUE);
#else
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->split), GTK_WIDGET (self->content_box));
#endif
}

/* Brings a message found by search into view. */
static void
scroll_to_message (ConfabWindow *self,
                   gint64        message_id)
{
  GListModel *model = G_LIST_MODEL (self->conversation);
  guint n_items = g_list_model_get_n_items (model);

  if (message_id == 0)
    return;

  /* A hit in another version of a message: its branch is shown. */
  confab_conversation_show_stored (self->conversation, message_id);
  n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (model, i);

      if (confab_message_get_id (message) == message_id)
        {
          self->stick_to_bottom = FALSE;
          gtk_widget_activate_action (GTK_WIDGET (self->message_list), "list.scroll-to-item", "u",
                                      confab_tail_model_show_position (self->tail, i));
          break;
        }
    }
}

/* Shows what was loaded, once both it and the window are there. */
static void
loaded (Loading *loading)
{
  g_autoptr(ConfabWindow) self = g_weak_ref_get (&loading->window);

  /* The window is gone: nothing to show it in. */
  if (self == NULL)
    {
      loading_free (loading);
      return;
    }

  self->n_loading--;

  /* Another chat was chosen since: not shown. */
  if (loading->generation != self->load_generation)
    {
      loading_free (loading);
      return;
    }

  if (loading->messages == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the chat: %s"), loading->error->message);

      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
    }
  else
    {
      g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
      ConfabConversationInfo *info = confab_store_lookup_conversation (loading->store, loading->conversation_id);

      if (info != NULL)
        {
          confab_conversation_set_model (conversation, confab_conversation_info_get_model (info));
          confab_conversation_set_system_prompt (conversation, confab_conversation_info_get_system_prompt (info));
          confab_conversation_set_temperature (conversation, confab_conversation_info_get_temperature (info));
          confab_conversation_set_max_output_tokens (conversation, confab_conversation_info_get_max_output_tokens (info));
          confab_conversation_set_reasoning_effort (conversation, confab_conversation_info_get_reasoning_effort (info));
        }

      confab_conversation_append_all (conversation, G_LIST_MODEL (loading->messages));
      show_conversation (self, conversation, loading->conversation_id);
      scroll_to_message (self, loading->message_id);
    }

  loading_free (loading);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Loading *loading = user_data;

  loading->messages = confab_store_load_messages_finish (CONFAB_STORE (object), result, &loading->error);
  loading->done = TRUE;

  if (loading->abandoned)
    loading_free (loading);
  else if (loading->waited)
    loaded (loading);
}

static Loading *
load_conversation (ConfabStore *store,
                   gint64       conversation_id,
                   gint64       message_id)
{
  Loading *loading = g_new0 (Loading, 1);

  g_weak_ref_init (&loading->window, NULL);
  loading->store = g_object_ref (store);
  loading->conversation_id = conversation_id;
  loading->message_id = message_id;
  confab_store_load_messages_async (store, conversation_id, NULL, load_cb, loading);

  return loading;
}

/**
 * confab_window_history_prefetch:
 *
 * Starts to load the conversation that was open last time, so that the
 * store reads it on a worker while the window is built.
 *
 * Returns: (nullable): the loading, for confab_window_history_load()
 */
ConfabWindowLoading *
confab_window_history_prefetch (ConfabApplication *app)
{
  ConfabStore *store = confab_application_get_store (app);
  gint64 last;

  if (store == NULL || (last = confab_store_get_last_conversation (store)) == 0)
    return NULL;

  return load_conversation (store, last, 0);
}

/* Waits for @loading, the conversation chosen last, to show it. */
static void
wait_for (ConfabWindow *self,
          Loading      *loading)
{
  g_weak_ref_set (&loading->window, self);
  loading->waited = TRUE;
  loading->generation = self->load_generation;
  self->n_loading++;
}

static void
open_conversation (ConfabWindow *self,
                   gint64        conversation_id,
                   gint64        message_id)
{
  ConfabConversation *live;

  if (self->store == NULL)
    return;

  /* Whatever is still on its way was not chosen last. */
  self->load_generation++;

  if (conversation_id == confab_window_history_get_current_id (self))
    {
      scroll_to_message (self, message_id);
      return;
    }

  /* A chat that is live, maybe with its answer on the way, is shown as
   * it is, never as a copy of what was stored.
   */
  if ((live = confab_exchanges_lookup (self->exchanges, conversation_id)) != NULL)
    {
      show_conversation (self, live, conversation_id);
      scroll_to_message (self, message_id);
      return;
    }

  wait_for (self, load_conversation (self->store, conversation_id, message_id));
}

static void
conversation_activated_cb (ConfabWindow  *self,
                           gint64         conversation_id,
                           ConfabSidebar *sidebar)
{
  open_conversation (self, conversation_id, 0);
  show_content (self);
}

static void
message_activated_cb (ConfabWindow  *self,
                      gint64         conversation_id,
                      gint64         message_id,
                      ConfabSidebar *sidebar)
{
  open_conversation (self, conversation_id, message_id);
  show_content (self);
}

/* Opens a conversation by id, as the usage window does when a
 * conversation is activated there.
 */
static void
open_conversation_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);

  open_conversation (self, g_variant_get_int64 (parameter), 0);
  show_content (self);
  gtk_window_present (GTK_WINDOW (self));
}

/* Shows a new chat, empty but for its draft. */
void
confab_window_history_show_new_chat (ConfabWindow *self)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();

  self->load_generation++;
  show_conversation (self, conversation, 0);
}

static void
new_chat_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);

  confab_window_history_show_new_chat (self);
  show_content (self);
}

static void
show_chats_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);

#if ADW_CHECK_VERSION (1, 4, 0)
  adw_navigation_split_view_set_show_content (ADW_NAVIGATION_SPLIT_VIEW (self->split), FALSE);
#else
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->split), GTK_WIDGET (self->sidebar));
#endif
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);

  if (self->store == NULL)
    return;

  show_chats_action (widget, NULL, NULL);
  confab_sidebar_start_search (self->sidebar);
}

static void
update_folded (ConfabWindow *self)
{
  G_GNUC_UNUSED gboolean folded; /* Read only before libadwaita 1.4. */

#if ADW_CHECK_VERSION (1, 4, 0)
  folded = adw_navigation_split_view_get_collapsed (ADW_NAVIGATION_SPLIT_VIEW (self->split));
#else
  folded = adw_leaflet_get_folded (ADW_LEAFLET (self->split));
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (confab_sidebar_get_header_bar (self->sidebar)), folded);
  adw_header_bar_set_show_start_title_buttons (self->content_header, folded);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), folded);
#endif

  /* The sidebar's New Chat button is enough next to it; folded, the
   * header needs the room, and the menu and Ctrl+N remain.
   */
  gtk_widget_set_visible (GTK_WIDGET (self->new_chat_button), FALSE);
}

void
confab_window_history_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-chat", NULL, new_chat_action);
  gtk_widget_class_install_action (widget_class, "win.show-chats", NULL, show_chats_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.open-conversation", "x", open_conversation_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

#if ADW_CHECK_VERSION (1, 4, 0)
/* From libadwaita 1.4 on, bars go in an AdwToolbarView, which keeps a
 * header flat until the content scrolls under it, as GNOME's own apps
 * look.  @box holds its @n_top bars first, then its content; it keeps
 * them, in the view.  Before 1.4 the box stays as it is.
 */
static void
put_in_toolbar_view (GtkBox *box,
                     guint   n_top)
{
  AdwToolbarView *view = ADW_TOOLBAR_VIEW (adw_toolbar_view_new ());
  GtkWidget *child;
  guint i = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    {
      g_object_ref (child);
      gtk_box_remove (box, child);
      if (i++ < n_top)
        adw_toolbar_view_add_top_bar (view, child);
      else
        {
          g_assert (adw_toolbar_view_get_content (view) == NULL);
          adw_toolbar_view_set_content (view, child);
        }
      g_object_unref (child);
    }

  gtk_widget_set_vexpand (GTK_WIDGET (view), TRUE);
  gtk_box_append (box, GTK_WIDGET (view));
}
#endif

#if ADW_CHECK_VERSION (1, 4, 0)
/* libadwaita (1.4 to 1.10 at least) ends a change of the split view's
 * page from an idle callback that holds no reference: a window closed
 * before that idle ran had it write into freed memory, and GTK 4.24
 * then crashed in CSS code or in a later dispose (test-window-size,
 * under load: 1 run in 7 of its first two tests; valgrind named the
 * write).  The split view stays alive until an idle added after
 * libadwaita's has run.
 */
static void
release_split_cb (gpointer data)
{
  g_object_unref (data);
}

static void
keep_split_cb (GObject    *split,
               GParamSpec *pspec,
               gpointer    user_data)
{
  g_idle_add_once (release_split_cb, g_object_ref (split));
}
#endif

/* Puts the sidebar and the conversation side by side, or one after the
 * other on narrow windows.
 */
void
confab_window_history_init (ConfabWindow *self)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  AdwNavigationPage *sidebar_page;
  AdwNavigationPage *content_page;
  AdwBreakpoint *breakpoint;

  self->split = adw_navigation_split_view_new ();
  sidebar_page = adw_navigation_page_new (GTK_WIDGET (self->sidebar), _("Chats"));
  content_page = adw_navigation_page_new (GTK_WIDGET (self->content_box), "Confab");
  adw_navigation_split_view_set_sidebar (ADW_NAVIGATION_SPLIT_VIEW (self->split), sidebar_page);
  adw_navigation_split_view_set_content (ADW_NAVIGATION_SPLIT_VIEW (self->split), content_page);

  breakpoint = adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 600sp"));
  {
    GValue collapsed = G_VALUE_INIT;

    g_value_init (&collapsed, G_TYPE_BOOLEAN);
    g_value_set_boolean (&collapsed, TRUE);
    adw_breakpoint_add_setter (breakpoint, G_OBJECT (self->split), "collapsed", &collapsed);
  }
  adw_application_window_add_breakpoint (ADW_APPLICATION_WINDOW (self), breakpoint);
  g_signal_connect_object (self->split, "notify::collapsed", G_CALLBACK (update_folded), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->split, "notify::show-content", G_CALLBACK (keep_split_cb), NULL);
#else
  self->split = adw_leaflet_new ();
  adw_leaflet_set_can_navigate_back (ADW_LEAFLET (self->split), TRUE);
  adw_leaflet_append (ADW_LEAFLET (self->split), GTK_WIDGET (self->sidebar));
  adw_leaflet_page_set_navigatable (adw_leaflet_append (ADW_LEAFLET (self->split),
                                                        gtk_separator_new (GTK_ORIENTATION_VERTICAL)),
                                    FALSE);
  adw_leaflet_append (ADW_LEAFLET (self->split), GTK_WIDGET (self->content_box));
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->split), GTK_WIDGET (self->content_box));
  g_signal_connect_object (self->split, "notify::folded", G_CALLBACK (update_folded), self, G_CONNECT_SWAPPED);
#endif

  gtk_widget_set_hexpand (GTK_WIDGET (self->content_box), TRUE);
  gtk_box_insert_child_after (self->content_box,
                              GTK_WIDGET (self->store_error_revealer),
                              GTK_WIDGET (self->content_header));
#if ADW_CHECK_VERSION (1, 4, 0)
  /* The header and the error above the chat; the sidebar's header and
   * search bar above its list.
   */
  put_in_toolbar_view (self->content_box, 2);
  put_in_toolbar_view (GTK_BOX (gtk_widget_get_parent (confab_sidebar_get_header_bar (self->sidebar))), 2);
#endif
  adw_toast_overlay_set_child (self->toast_overlay, self->split);
  update_folded (self);

  g_signal_connect_object (self->sidebar, "conversation-activated",
                           G_CALLBACK (conversation_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "message-activated",
                           G_CALLBACK (message_activated_cb),
                           self, G_CONNECT_SWAPPED);
}

/* Opens the history and the conversation of last time. */
void
confab_window_history_load (ConfabWindow        *self,
                            ConfabWindowLoading *prefetch)
{
  ConfabApplication *app = CONFAB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  const GError *error = confab_application_get_store_error (app);
  gint64 last;

  g_set_object (&self->store, confab_application_get_store (app));
  g_signal_connect_object (self->exchanges, "stored",
                           G_CALLBACK (stored_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->exchanges, "save-failed",
                           G_CALLBACK (save_failed_cb),
                           self, G_CONNECT_SWAPPED);

  if (self->store == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Chats are not kept: %s"),
                                               error != NULL ? error->message : "");

      gtk_label_set_text (self->store_error_label, text);
      gtk_revealer_set_reveal_child (self->store_error_revealer, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->sidebar), FALSE);
      show_conversation (self, conversation, 0);
      return;
    }

  confab_sidebar_set_store (self->sidebar, self->store);

  last = confab_store_get_last_conversation (self->store);
  show_conversation (self, conversation, 0);

  if (prefetch != NULL && prefetch->conversation_id == last &&
      confab_exchanges_lookup (self->exchanges, last) == NULL)
    {
      wait_for (self, prefetch);
      if (prefetch->done)
        loaded (prefetch);
    }
  else
    {
      if (prefetch != NULL)
        {
          /* Not wanted after all; it goes when it arrives. */
          if (prefetch->done)
            loading_free (prefetch);
          else
            prefetch->abandoned = TRUE;
        }

      if (last != 0)
        open_conversation (self, last, 0);
    }
}

void
confab_window_history_dispose (ConfabWindow *self)
{
  if (self->composer != NULL)
    save_draft (self);

  /* The conversation stays live while its answer is on its way. */
  if (self->exchanges != NULL && self->conversation != NULL)
    confab_exchanges_release (self->exchanges, self->conversation);

  g_clear_object (&self->exchanges);
  g_clear_object (&self->store);
}
