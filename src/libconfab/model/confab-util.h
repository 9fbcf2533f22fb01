/* confab-util.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

gboolean    confab_set_string          (GObject     *object,
                                        char       **field,
                                        const char  *value,
                                        GParamSpec  *pspec);
const char *confab_utf8_make_valid     (const char  *text,
                                        gssize       length,
                                        char       **copy);
void        confab_string_append_valid (GString     *string,
                                        const char  *text,
                                        gsize        length);

G_END_DECLS
