#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-translations.py SOURCE-ROOT
#
# Keeps the translations in step with the sources:
#
#  1. every file under src/ and data/ with a translatable string is listed
#     in po/POTFILES.in, and every file listed there exists;
#  2. a template freshly extracted with xgettext (the way meson's
#     `confab-pot` target does it, with the glib preset's keywords) is
#     completely translated in every language of REQUIRED_LANGUAGES:
#     msgcmp finds each of its messages, and msgfmt --check reports no
#     errors and no untranslated or fuzzy messages.  The other languages
#     of po/LINGUAS only have to pass msgfmt --check.
#
# A file whose marks are false positives (a `_("` in a comment, say) can
# be listed in po/POTFILES.skip.
#
# Uses the Python standard library and the gettext tools (xgettext,
# msgcmp, msgmerge, msgfmt) only.

import os
import re
import shutil
import subprocess
import sys
import tempfile

GETTEXT_PACKAGE = 'confab'

# Languages that must be complete at all times.
REQUIRED_LANGUAGES = ['ko']

# What meson's i18n.gettext(preset: 'glib') passes to xgettext, besides
# --package-name, -p, -f, -D, -k_ and -o.
XGETTEXT_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

# Marks of a translatable string in a source file.
SOURCE_MARKS = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_)\s*\(\s*"'
    r'|(?<![A-Za-z0-9_])g_d(?:c|n|p)?gettext2?\s*\('
    r'|translatable\s*=\s*"yes"')
SCHEMA_MARKS = re.compile(r'<(?:summary|description)\b')
# Desktop entries and metainfo are translated as a whole.
WHOLE_FILE_NAMES = re.compile(
    r'\.(?:desktop|metainfo\.xml|appdata\.xml)\.in(?:\.in)?$')

SCANNED_DIRS = ['src', 'data']

failures = []
# Whether a failure is fixed by updating the PO files.
po_out_of_date = False


def fail(message, po_hint=False):
    global po_out_of_date
    failures.append(message)
    po_out_of_date = po_out_of_date or po_hint


def find_tool(name):
    path = shutil.which(name)
    if path is None:
        sys.exit(f'FAIL: {name} was not found. Install the gettext package '
                 '(Debian: apt-get install gettext).')
    return path


def run(args, **kwargs):
    env = dict(os.environ, LC_ALL='C', LANGUAGE='C')
    return subprocess.run(args, env=env, capture_output=True, text=True,
                          **kwargs)


def read_list(path):
    """Lines of a POTFILES.in or LINGUAS file, without comments."""
    entries = []
    try:
        with open(path, encoding='utf-8') as f:
            for line in f:
                line = line.split('#', 1)[0].strip()
                if line:
                    entries += line.split()
    except FileNotFoundError:
        pass
    return entries


def has_translatable_strings(path):
    name = os.path.basename(path)
    if WHOLE_FILE_NAMES.search(name):
        return True
    try:
        with open(path, 'rb') as f:
            text = f.read().decode('utf-8', errors='replace')
    except OSError:
        return False
    if name.endswith('.gschema.xml'):
        return SCHEMA_MARKS.search(text) is not None
    return SOURCE_MARKS.search(text) is not None


def check_potfiles(srcdir):
    potfiles = read_list(os.path.join(srcdir, 'po', 'POTFILES.in'))
    skipped = set(read_list(os.path.join(srcdir, 'po', 'POTFILES.skip')))

    if not potfiles:
        fail('po/POTFILES.in is missing or empty.')

    for entry in potfiles:
        if not os.path.isfile(os.path.join(srcdir, entry)):
            fail(f'po/POTFILES.in lists {entry}, which does not exist. '
                 'Remove it from po/POTFILES.in.')

    listed = set(potfiles)
    unlisted = []
    with_strings = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(srcdir, top)):
            dirnames.sort()
            for filename in sorted(filenames):
                path = os.path.join(dirpath, filename)
                rel = os.path.relpath(path, srcdir).replace(os.sep, '/')
                if not has_translatable_strings(path):
                    continue
                with_strings.append(rel)
                if rel not in listed and rel not in skipped:
                    unlisted.append(rel)

    if unlisted:
        fail('These files contain translatable strings but are not listed '
             'in po/POTFILES.in (add them, keeping the list sorted):\n' +
             ''.join(f'    {rel}\n' for rel in unlisted))

    return [p for p in potfiles if p in with_strings]


def parse_po(path):
    """The messages of a PO file: {(msgctxt, msgid): entry}, without the
    header and obsolete entries.  Enough of the format for files written
    by the gettext tools and by hand."""

    def unquote(s):
        s = s.strip()[1:-1]
        return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(
            m.group(1), m.group(1)), s)

    def new_entry():
        return {'refs': [], 'flags': '', 'msgstr': []}

    messages = {}

    def finish(entry):
        if entry.get('msgid') and not entry.get('obsolete'):
            messages[(entry.get('msgctxt'), entry['msgid'])] = entry

    entry, field = new_entry(), None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith('#~'):
                entry['obsolete'] = True
                field = 'obsolete'
                continue
            if field is not None and (
                    line.startswith('#') or line.startswith('msgctxt') or
                    (line.startswith('msgid ') and field != 'msgctxt')):
                finish(entry)
                entry, field = new_entry(), None
            if line.startswith('#:'):
                entry['refs'] += line[2:].split()
            elif line.startswith('#,'):
                entry['flags'] += line[2:]
            elif line.startswith('#'):
                pass
            elif line.startswith('"'):
                if field == 'msgstr':
                    entry['msgstr'][-1] += unquote(line)
                elif field is not None:
                    entry[field] += unquote(line)
            else:
                keyword, _, value = line.partition(' ')
                if keyword.startswith('msgstr'):
                    field = 'msgstr'
                    entry['msgstr'].append(unquote(value))
                else:
                    field = keyword
                    entry[field] = unquote(value)
    finish(entry)
    return messages


def describe(key, entry):
    context, msgid = key
    text = msgid if len(msgid) <= 70 else msgid[:67] + '...'
    text = text.replace('\n', '\\n')
    where = entry['refs'][0] if entry['refs'] else '?'
    ctx = f' (context “{context}”)' if context else ''
    return f'    {where}: "{text}"{ctx}\n'


def make_template(srcdir, workdir, files_with_strings):
    xgettext = find_tool('xgettext')
    potfile = os.path.join(workdir, GETTEXT_PACKAGE + '.pot')

    # po/POTFILES.in without the files that do not exist (reported
    # already), so that xgettext still checks the others.
    listfile = os.path.join(workdir, 'POTFILES')
    with open(listfile, 'w', encoding='utf-8') as f:
        for entry in read_list(os.path.join(srcdir, 'po', 'POTFILES.in')):
            if os.path.isfile(os.path.join(srcdir, entry)):
                f.write(entry + '\n')

    result = run([xgettext, '--package-name=' + GETTEXT_PACKAGE,
                  '-p', workdir, '-f', listfile,
                  '-D', srcdir, '-k_', '-o', potfile] + XGETTEXT_ARGS)
    if result.returncode != 0 or not os.path.isfile(potfile):
        fail('xgettext could not extract the template:\n' + result.stderr)
        return None, None

    template = parse_po(potfile)

    # A file type xgettext cannot read (a missing .its rule, say) would
    # silently give no messages; notice it.
    extracted = set()
    for entry in template.values():
        for ref in entry['refs']:
            extracted.add(ref.rsplit(':', 1)[0])
    for rel in files_with_strings:
        if rel not in extracted:
            fail(f'xgettext extracted no message from {rel}, although it '
                 'has translatable strings. Are the ITS rules for its file '
                 'type installed (glib’s gschema.its, appstream’s '
                 'metainfo.its, gtk4’s gtk4builder.its)?\n' +
                 result.stderr)

    return potfile, template


def check_language(srcdir, workdir, lang, potfile, template, required):
    pofile = os.path.join(srcdir, 'po', lang + '.po')
    rel = f'po/{lang}.po'
    if not os.path.isfile(pofile):
        fail(f'{rel} does not exist, but {lang} is in po/LINGUAS.')
        return

    msgfmt = find_tool('msgfmt')
    result = run([msgfmt, '--check', '--statistics', '-o', os.devnull,
                  pofile])
    if result.returncode != 0:
        fail(f'msgfmt --check found errors in {rel}:\n{result.stderr}')

    if not required:
        return

    stats = result.stderr
    untranslated = re.search(r'(\d+) untranslated', stats)
    fuzzy = re.search(r'(\d+) fuzzy', stats)
    if untranslated or fuzzy:
        fail(f'{rel} is not completely translated: {stats.strip()}',
             po_hint=True)

    # Name what is missing, with where it comes from.
    translations = parse_po(pofile)
    missing = []
    for key, entry in template.items():
        ours = translations.get(key)
        if ours is None or 'fuzzy' in ours['flags'] or \
           not ours['msgstr'] or any(s == '' for s in ours['msgstr']):
            missing.append(describe(key, entry))
    if missing:
        fail(f'{rel} lacks a translation (missing, untranslated or fuzzy) '
             f'of {len(missing)} message(s) of the current sources:\n' +
             ''.join(missing), po_hint=True)

    # The authoritative check: msgcmp ignores untranslated and fuzzy
    # entries, so every message of the template needs a real translation.
    msgcmp = find_tool('msgcmp')
    result = run([msgcmp, pofile, potfile])
    if result.returncode != 0:
        fail(f'msgcmp {rel} <fresh template> failed:\n{result.stderr}',
             po_hint=True)

    # Check the translations against the format flags of the current
    # sources, not the ones the PO file was last merged with.
    msgmerge = find_tool('msgmerge')
    merged = os.path.join(workdir, lang + '.po')
    result = run([msgmerge, '-q', '--no-fuzzy-matching', '-o', merged,
                  pofile, potfile])
    if result.returncode != 0:
        fail(f'msgmerge {rel} <fresh template> failed:\n{result.stderr}')
        return
    result = run([msgfmt, '--check', '-o', os.devnull, merged])
    if result.returncode != 0:
        fail(f'{rel} does not match the format strings of the current '
             f'sources:\n{result.stderr}')


def main():
    if len(sys.argv) != 2:
        sys.exit(f'usage: {sys.argv[0]} SOURCE-ROOT')
    srcdir = os.path.abspath(sys.argv[1])

    files_with_strings = check_potfiles(srcdir)

    linguas = read_list(os.path.join(srcdir, 'po', 'LINGUAS'))
    for lang in REQUIRED_LANGUAGES:
        if lang not in linguas:
            fail(f'{lang} is not listed in po/LINGUAS.')

    with tempfile.TemporaryDirectory(prefix='confab-po-') as workdir:
        potfile, template = make_template(srcdir, workdir, files_with_strings)
        if template is not None:
            print(f'Fresh template: {len(template)} messages.')
            for lang in sorted(set(linguas) | set(REQUIRED_LANGUAGES)):
                check_language(srcdir, workdir, lang, potfile, template,
                               lang in REQUIRED_LANGUAGES)

    if failures:
        for message in failures:
            print('FAIL: ' + message.rstrip('\n'), file=sys.stderr)
        if po_out_of_date:
            print('\nTo bring the translations up to date, run\n'
                  f'    ninja -C BUILDDIR {GETTEXT_PACKAGE}-pot '
                  f'{GETTEXT_PACKAGE}-update-po\n'
                  'then translate the new and fuzzy messages (and drop the '
                  'fuzzy flags) in ' +
                  ', '.join(f'po/{l}.po' for l in REQUIRED_LANGUAGES) +
                  f', and delete po/{GETTEXT_PACKAGE}.pot.',
                  file=sys.stderr)
        return 1

    print('All translations are complete: ' +
          ', '.join(REQUIRED_LANGUAGES) + '.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
