/* confab-test-locale.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Korean for the tests that assert on Confab's Korean, from the
 * translations of this build, whatever locales the machine has.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <unistd.h>

#include "confab-test-locale.h"

#define KOREAN "ko_KR.UTF-8"

/* Sets LC_MESSAGES to a locale named ko_KR.UTF-8 that has the data of
 * C.UTF-8 (glibc's, in a folder on every Debian), found through LOCPATH
 * for this one call: glibc keeps what it loaded, and the other locales
 * the test sets stay those of the machine.
 */
static gboolean
set_korean_of_c_utf8 (void)
{
  g_autofree char *folder = NULL;
  g_autofree char *link = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("LOCPATH"));
  const char *c_utf8 = "/usr/lib/locale/C.utf8";
  gboolean set;

  if (!g_file_test (c_utf8, G_FILE_TEST_IS_DIR))
    return FALSE;

  folder = g_dir_make_tmp ("confab-test-locale-XXXXXX", NULL);
  g_assert_nonnull (folder);
  link = g_build_filename (folder, KOREAN, NULL);
  g_assert_no_errno (symlink (c_utf8, link));

  g_setenv ("LOCPATH", folder, TRUE);
  set = setlocale (LC_MESSAGES, KOREAN) != NULL;
  if (saved != NULL)
    g_setenv ("LOCPATH", saved, TRUE);
  else
    g_unsetenv ("LOCPATH");

  g_unlink (link);
  g_rmdir (folder);

  return set;
}

/**
 * confab_test_set_korean:
 *
 * Has gettext translate Confab's text into Korean, from the .mo files
 * built in po/ of the build folder: the messages' locale is
 * ko_KR.UTF-8, and LANGUAGE is "ko".  The other categories stay as
 * they are (C.UTF-8 in the tests), so numbers are formatted the same
 * everywhere.
 *
 * LANGUAGE alone is not enough: glibc 2.41 (Debian 13 on) ignores it in
 * the C.UTF-8 locale, as every glibc does in C.  Where ko_KR.UTF-8 is
 * not installed (Debian's roots have no locale but C.UTF-8), it is made
 * of C.UTF-8's data under that name: what the test reads comes from the
 * translations, not from the locale.
 */
void
confab_test_set_korean (void)
{
  g_autofree char *localedir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *mo = g_build_filename (localedir, "ko", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_setenv ("LANGUAGE", "ko", TRUE);
  if (setlocale (LC_MESSAGES, KOREAN) == NULL && !set_korean_of_c_utf8 ())
    g_error ("Could not set LC_MESSAGES to %s, nor make it of C.UTF-8", KOREAN);
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, KOREAN);
}
