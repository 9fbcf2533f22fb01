/* confab-message-row-images.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-message-row-private.h"
#include "confab-thumbnail.h"

/* The images of a prompt, as thumbnails above its text.  A message's
 * images do not change, so they are laid out when the row is given its
 * message; their thumbnails are made on a worker the first time.
 */

void
_confab_message_row_update_images (ConfabMessageRow *self)
{
  guint n_images = self->message != NULL ? confab_message_get_n_attachments (self->message) : 0;
  GtkWidget *child;

  if (self->images_box == NULL)
    {
      if (n_images == 0)
        return;

      self->images_box = gtk_flow_box_new ();
      gtk_widget_set_name (self->images_box, "message-images");
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->images_box), GTK_SELECTION_NONE);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->images_box), TRUE);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->images_box), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->images_box), 6);
      gtk_widget_set_halign (self->images_box, GTK_ALIGN_START);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->images_box),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Attached Images"),
                                      -1);
      gtk_widget_add_css_class (self->images_box, "message-images");
      gtk_box_prepend (self->bubble, self->images_box);
    }

  while ((child = gtk_widget_get_first_child (self->images_box)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->images_box), child);

  for (guint i = 0; i < n_images; i++)
    {
      GtkWidget *picture = confab_thumbnail_new_picture (confab_message_get_attachment (self->message, i));

      gtk_flow_box_append (GTK_FLOW_BOX (self->images_box), picture);
      /* Pictures to look at, not buttons. */
      gtk_widget_set_focusable (gtk_widget_get_parent (picture), FALSE);
    }

  /* As wide as its images, four to a line at most. */
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (self->images_box), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->images_box), CLAMP (n_images, 1, 4));
  gtk_widget_set_visible (self->images_box, n_images > 0);
}
