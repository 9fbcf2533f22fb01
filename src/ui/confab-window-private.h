/* confab-window-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-chat-settings.h"
#include "confab-composer.h"
#include "confab-key-store.h"
#include "confab-message-row.h"
#include "confab-sidebar.h"
#include "confab-slot-model.h"
#include "confab-model-picker.h"
#include "confab-tail-model.h"
#include "confab-usage-popover.h"
#include "confab-window.h"

G_BEGIN_DECLS

typedef struct _ConfabWindowLoading ConfabWindowLoading;

struct _ConfabWindow
{
  AdwApplicationWindow  parent_instance;

  ConfabClient         *client;
  GSettings            *settings;
  ConfabKeyStore       *key_store;
  ConfabConversation   *conversation;
  ConfabTailModel      *tail;
  /* The list's model: slots that show the messages of the chat shown,
   * so that the rows stay when another chat is (confab-slot-model.h).
   */
  ConfabSlotModel      *slots;
  guint                 show_more_id;
  /* The shortcuts dialog (libadwaita 1.8 on) while it is shown, or
   * window (below) once made.
   */
  GtkWidget            *shortcuts;
  gboolean              stick_to_bottom;
  /* How the view moves; see confab-window-view.c. */
  gboolean              view_resized;
  gboolean              scrolling_view;
  gboolean              view_next_frame;
  gboolean              view_moved;
  double                view_moved_from;
  guint                 view_idle_id;

  /* The application's live conversations: the one shown is held there,
   * and asks through it.  busy says whether its answer is on its way.
   */
  ConfabExchanges      *exchanges;
  gboolean              busy;
  /* The prompt being edited in the composer, to send as a new version. */
  ConfabMessage        *editing;
  /* While long texts of the estimate are counted on a worker. */
  GCancellable         *estimate_cancellable;

  /* History: NULL without a store.  Only the last conversation chosen
   * is shown when it arrives: each choice counts one more generation.
   */
  ConfabStore          *store;
  GtkWidget            *split;
  guint                 load_generation;
  guint                 n_loading;
  /* The conversation whose title the window shows. */
  ConfabConversationInfo *title_info;

  /* Template widgets */
  GtkButton                *back_button;
  ConfabChatSettings       *chat_settings;
  ConfabComposer           *composer;
  GtkBox                   *content_box;
  AdwHeaderBar             *content_header;
  GtkStack                 *conversation_stack;
  AdwStatusPage            *empty_page;
  GtkStack                 *main_stack;
  GtkRevealer              *jump_revealer;
  GtkListView              *message_list;
  GtkMenuButton            *model_button;
  GtkLabel                 *model_label;
  ConfabModelPicker        *model_picker;
  GtkButton                *new_chat_button;
  GtkScrolledWindow        *scrolled_window;
  ConfabSidebar            *sidebar;
  GtkLabel                 *store_error_label;
  GtkRevealer              *store_error_revealer;
  AdwToastOverlay          *toast_overlay;
  GtkMenuButton            *total_button;
  ConfabUsagePopover       *total_popover;
  GtkButton                *welcome_button;
  AdwWindowTitle           *window_title;
};

void   confab_window_set_conversation       (ConfabWindow       *self,
                                             ConfabConversation *conversation);
void   confab_window_follow                 (ConfabWindow       *self);
void   confab_window_update_title           (ConfabWindow       *self);

/* confab-window-history.c: the sidebar, switching chats, drafts. */
void   confab_window_history_class_init     (GtkWidgetClass     *widget_class);
void   confab_window_history_init           (ConfabWindow       *self);
ConfabWindowLoading *
       confab_window_history_prefetch       (ConfabApplication  *app);
void   confab_window_history_load           (ConfabWindow       *self,
                                             ConfabWindowLoading *prefetch);
void   confab_window_history_dispose        (ConfabWindow       *self);
gint64 confab_window_history_get_current_id (ConfabWindow       *self);
void   confab_window_history_show_new_chat  (ConfabWindow       *self);

void   confab_window_update_busy            (ConfabWindow       *self);

/* confab-window-exchange.c: send, stop, retry, regenerate, edit. */
void   confab_window_exchange_class_init    (GtkWidgetClass     *widget_class);
void   confab_window_send_cb                (ConfabWindow       *self,
                                             const char         *text,
                                             ConfabComposer     *composer);
void   confab_window_stop_cb                (ConfabWindow       *self,
                                             ConfabComposer     *composer);
void   confab_window_retry_cb               (ConfabWindow       *self,
                                             ConfabMessageRow   *row);
void   confab_window_edit_cb                (ConfabWindow       *self,
                                             ConfabMessageRow   *row);
void   confab_window_regenerate_cb          (ConfabWindow       *self,
                                             ConfabMessageRow   *row);
void   confab_window_show_version_cb        (ConfabWindow       *self,
                                             guint               version,
                                             ConfabMessageRow   *row);

/* confab-window-shortcuts.c: the shortcuts shown, following the send key. */
void   confab_window_update_send_key        (ConfabWindow       *self);
void   confab_window_show_shortcuts         (GSimpleAction      *action,
                                             GVariant           *parameter,
                                             gpointer            user_data);

/* confab-window-estimate.c: the composer's estimate before sending. */
void   confab_window_estimate_load          (ConfabWindow       *self,
                                             ConfabApplication  *app);
void   confab_window_estimate_watch         (ConfabWindow       *self);
void   confab_window_update_estimate        (ConfabWindow       *self);
double confab_window_estimate_cost          (ConfabWindow       *self);
void   confab_window_estimate_dispose       (ConfabWindow       *self);
void   confab_window_estimate_sent          (ConfabWindow       *self,
                                             const ConfabEstimate *estimate,
                                             double              ratio);

/* confab-window-chats.c: delete with Undo, rename, export. */
void   confab_window_chats_class_init       (GtkWidgetClass     *widget_class);

/* confab-window-view.c: the list shown from its end, the view following. */
void   confab_window_view_class_init        (GtkWidgetClass     *widget_class);
void   confab_window_view_init              (ConfabWindow       *self);
void   confab_window_view_realize           (ConfabWindow       *self);
void   confab_window_view_unrealize         (ConfabWindow       *self);
guint  confab_window_view_count_first_messages (ConfabWindow    *self,
                                             GListModel         *messages);

G_END_DECLS
