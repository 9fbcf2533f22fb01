/* confab-sidebar.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-conversation-info.h"
#include "confab-label.h"
#include "confab-search-result.h"
#include "confab-sidebar-row.h"
#include "confab-sidebar.h"
#include "confab-tooltip.h"

/* The list of kept conversations, newest activity first.  Choosing one
 * emits ::conversation-activated; each row (ConfabSidebarRow) has a menu
 * whose Rename and Delete activate the window's actions with the
 * conversation's id.
 * Searching shows the messages of every chat that match, and choosing
 * one emits ::message-activated.
 */

/* Typing pauses this long before a search runs. */
#define SEARCH_DELAY_MS 150
#define SEARCH_LIMIT    200

struct _ConfabSidebar
{
  GtkWidget                 parent_instance;

  GtkSingleSelection       *selection;
  gboolean                  selecting;
  ConfabStore              *store;
  GCancellable             *search_cancellable;
  guint                     search_id;
  GListModel               *results;

  /* The first chats of the list, more as the person scrolls down. */
  GtkSliceListModel        *slice;
  guint                     more_id;
  gint64                    selected_id;

  /* Template widgets */
  AdwHeaderBar             *header_bar;
  GtkListView              *list_view;
  GtkListView              *results_view;
  GtkSearchBar             *search_bar;
  GtkToggleButton          *search_button;
  GtkSearchEntry           *search_entry;
  GtkStack                 *stack;
  GtkLabel                 *empty_title;
  GtkLabel                 *empty_description;
};

G_DEFINE_FINAL_TYPE (ConfabSidebar, confab_sidebar, GTK_TYPE_WIDGET)

enum {
  CONVERSATION_ACTIVATED,
  MESSAGE_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* The list shows this many chats at first, and this many more whenever
 * less than a screen of them is left below the view.  GTK 4.8's list
 * view keeps up to 200 rows alive, which made a long history slower to
 * start with.
 */
#define FIRST_CHATS 40
#define MORE_CHATS  40

static gboolean
confab_sidebar_wants_more (ConfabSidebar *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  GListModel *model = gtk_slice_list_model_get_model (self->slice);

  return model != NULL &&
         gtk_slice_list_model_get_size (self->slice) < g_list_model_get_n_items (model) &&
         adjustment != NULL &&
         gtk_adjustment_get_value (adjustment) + 2 * gtk_adjustment_get_page_size (adjustment) >= gtk_adjustment_get_upper (adjustment);
}

/* Selects the current chat when it is among those shown. */
static void
confab_sidebar_update_selection (ConfabSidebar *self)
{
  GListModel *shown = G_LIST_MODEL (self->slice);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; self->selected_id != 0 && i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(ConfabConversationInfo) info = g_list_model_get_item (shown, i);

      if (confab_conversation_info_get_id (info) == self->selected_id)
        {
          position = i;
          break;
        }
    }

  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting = FALSE;
}

static gboolean
confab_sidebar_more_cb (gpointer user_data)
{
  ConfabSidebar *self = CONFAB_SIDEBAR (user_data);

  self->more_id = 0;
  if (confab_sidebar_wants_more (self))
    {
      gtk_slice_list_model_set_size (self->slice, gtk_slice_list_model_get_size (self->slice) + MORE_CHATS);
      confab_sidebar_update_selection (self);
    }

  return G_SOURCE_REMOVE;
}

static void
confab_sidebar_queue_more (ConfabSidebar *self)
{
  if (self->more_id == 0 && confab_sidebar_wants_more (self))
    self->more_id = g_idle_add (confab_sidebar_more_cb, self);
}

static void
confab_sidebar_selection_changed_cb (ConfabSidebar      *self,
                                     guint               position,
                                     guint               n_items,
                                     GtkSingleSelection *selection)
{
  ConfabConversationInfo *info = gtk_single_selection_get_selected_item (selection);
  gint64 id = info != NULL ? confab_conversation_info_get_id (info) : 0;

  if (!self->selecting && id != 0)
    {
      self->selected_id = id;
      g_signal_emit (self, signals[CONVERSATION_ACTIVATED], 0, id);
    }
}

static void confab_sidebar_show_page (ConfabSidebar *self);

static void confab_sidebar_update_selection (ConfabSidebar *self);

static void
confab_sidebar_items_changed_cb (ConfabSidebar *self,
                                 guint          position,
                                 guint          removed,
                                 guint          added,
                                 GListModel    *model)
{
  confab_sidebar_show_page (self);

  /* A chat that moves to the top with new activity stays selected. */
  confab_sidebar_update_selection (self);
}

/* The title of a chat, or what a chat without one is called. */
static char *
confab_sidebar_title_or_new_chat (GtkListItem *item,
                                  const char  *title)
{
  return g_strdup (title != NULL && *title != '\0' ? title : _("New Chat"));
}

static void
confab_sidebar_result_activated_cb (ConfabSidebar *self,
                                    guint          position,
                                    GtkListView   *view)
{
  g_autoptr(ConfabSearchResult) result = NULL;

  if (self->results == NULL || !(result = g_list_model_get_item (self->results, position)))
    return;

  g_signal_emit (self, signals[MESSAGE_ACTIVATED], 0,
                 confab_search_result_get_conversation_id (result),
                 confab_search_result_get_message_id (result));
}

static void
confab_sidebar_show_page (ConfabSidebar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GListModel *conversations = gtk_slice_list_model_get_model (self->slice);

  if (gtk_search_bar_get_search_mode (self->search_bar) && *text != '\0')
    gtk_stack_set_visible_child_name (self->stack,
                                      self->results != NULL && g_list_model_get_n_items (self->results) > 0 ? "results" : "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack,
                                      conversations != NULL && g_list_model_get_n_items (conversations) > 0 ? "list" : "empty");
}

static void
confab_sidebar_search_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(ConfabSidebar) self = user_data;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  results = confab_store_search_finish (CONFAB_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->stack == NULL)
    return;

  g_set_object (&self->results, results);
  selection = gtk_no_selection_new (results != NULL ? g_object_ref (results) : NULL);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (selection));
  confab_sidebar_show_page (self);
}

static gboolean
confab_sidebar_search_timeout_cb (gpointer user_data)
{
  ConfabSidebar *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  self->search_id = 0;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (self->store == NULL || *text == '\0')
    {
      g_clear_object (&self->results);
      confab_sidebar_show_page (self);
      return G_SOURCE_REMOVE;
    }

  self->search_cancellable = g_cancellable_new ();
  confab_store_search_async (self->store, text, SEARCH_LIMIT, self->search_cancellable,
                             confab_sidebar_search_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
confab_sidebar_search_changed_cb (ConfabSidebar  *self,
                                  GtkSearchEntry *entry)
{
  g_clear_handle_id (&self->search_id, g_source_remove);
  self->search_id = g_timeout_add (SEARCH_DELAY_MS, confab_sidebar_search_timeout_cb, self);
}

static void
confab_sidebar_dispose (GObject *object)
{
  ConfabSidebar *self = (ConfabSidebar *)object;
  GtkWidget *child;

  g_clear_object (&self->selection);
  g_clear_object (&self->slice);
  g_clear_handle_id (&self->more_id, g_source_remove);
  g_clear_handle_id (&self->search_id, g_source_remove);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->results);
  g_clear_object (&self->store);

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_SIDEBAR);
#endif

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (confab_sidebar_parent_class)->dispose (object);
}

static void
confab_sidebar_class_init (ConfabSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_sidebar_dispose;

  /**
   * ConfabSidebar::conversation-activated:
   * @id: the conversation's id in the store
   *
   * Emitted when the person chooses a conversation.
   */
  signals[CONVERSATION_ACTIVATED] =
    g_signal_new ("conversation-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * ConfabSidebar::message-activated:
   * @conversation_id: the conversation's id in the store
   * @message_id: the id of the message found
   *
   * Emitted when the person chooses a search result.
   */
  signals[MESSAGE_ACTIVATED] =
    g_signal_new ("message-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabSidebar, empty_description);
  gtk_widget_class_bind_template_child (widget_class, ConfabSidebar, empty_title);
  gtk_widget_class_bind_template_child (widget_class, ConfabSidebar, header_bar);
  gtk_widget_class_bind_template_child (widget_class, ConfabSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, ConfabSidebar, results_view);
  gtk_widget_class_bind_template_child (widget_class, ConfabSidebar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, ConfabSidebar, search_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ConfabSidebar, stack);
  gtk_widget_class_bind_template_callback (widget_class, confab_sidebar_title_or_new_chat);

  /* The rows' templates look up their properties by type name. */
  g_type_ensure (CONFAB_TYPE_SEARCH_RESULT);
  g_type_ensure (CONFAB_TYPE_SIDEBAR_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sidebar");
}

static void
confab_sidebar_init (ConfabSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Tooltips that GTK 4.8 does not break in Korean. */
  confab_tooltip_attach (GTK_WIDGET (self));

  /* The sidebar can be narrow: Korean breaks between words only. */
  confab_label_keep_words (self->empty_title);
  confab_label_keep_words (self->empty_description);

  self->slice = gtk_slice_list_model_new (NULL, 0, FIRST_CHATS);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->slice)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (confab_sidebar_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)), "notify::value",
                           G_CALLBACK (confab_sidebar_queue_more), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)), "notify::upper",
                           G_CALLBACK (confab_sidebar_queue_more), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->results_view, "activate", G_CALLBACK (confab_sidebar_result_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (confab_sidebar_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (confab_sidebar_show_page), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
}

GtkWidget *
confab_sidebar_new (void)
{
  return g_object_new (CONFAB_TYPE_SIDEBAR, NULL);
}

/**
 * confab_sidebar_set_store:
 * @store: (nullable): the history
 */
void
confab_sidebar_set_store (ConfabSidebar *self,
                          ConfabStore   *store)
{
  GListModel *conversations;

  g_return_if_fail (CONFAB_IS_SIDEBAR (self));

  g_set_object (&self->store, store);
  conversations = store != NULL ? confab_store_get_conversations (store) : NULL;

  self->selecting = TRUE;
  gtk_slice_list_model_set_model (self->slice, conversations);
  gtk_slice_list_model_set_size (self->slice, FIRST_CHATS);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;

  if (conversations != NULL)
    {
      g_signal_connect_object (conversations, "items-changed",
                               G_CALLBACK (confab_sidebar_items_changed_cb),
                               self, G_CONNECT_SWAPPED);
      confab_sidebar_items_changed_cb (self, 0, 0, 0, conversations);
    }
}

/**
 * confab_sidebar_start_search:
 *
 * Opens the search bar with the focus in its entry.
 */
void
confab_sidebar_start_search (ConfabSidebar *self)
{
  g_return_if_fail (CONFAB_IS_SIDEBAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * confab_sidebar_select:
 * @conversation_id: a conversation's id, or 0 for none
 *
 * Shows @conversation_id as the current one, without emitting
 * ::conversation-activated.  A chat further down than the list shows
 * yet is selected when the list comes to it: showing it at once would
 * build every row above it.
 */
void
confab_sidebar_select (ConfabSidebar *self,
                       gint64         conversation_id)
{
  g_return_if_fail (CONFAB_IS_SIDEBAR (self));

  self->selected_id = conversation_id;
  confab_sidebar_update_selection (self);
}

gint64
confab_sidebar_get_selected (ConfabSidebar *self)
{
  ConfabConversationInfo *info;

  g_return_val_if_fail (CONFAB_IS_SIDEBAR (self), 0);

  if (self->store == NULL || self->selected_id == 0)
    return 0;

  info = confab_store_lookup_conversation (self->store, self->selected_id);

  return info != NULL ? confab_conversation_info_get_id (info) : 0;
}

GtkWidget *
confab_sidebar_get_header_bar (ConfabSidebar *self)
{
  g_return_val_if_fail (CONFAB_IS_SIDEBAR (self), NULL);

  return GTK_WIDGET (self->header_bar);
}
