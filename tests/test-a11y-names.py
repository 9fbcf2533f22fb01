#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every control of the real app has a human name, as a screen reader
# reads it through AT-SPI: the built binary runs on a history with one
# answer (a code block, a table, a link, usage), and the accessibility
# trees of the main window, Preferences and the Usage window are walked.
# A push button, toggle button or menu button fails the test when its
# name is empty, a type name ("Gtk…", "Adw…", "Confab…") or holds a
# mnemonic underscore.
#
#   test-a11y-names.py BUILDDIR
#
# It runs itself again under a private session bus (dbus-run-session),
# so that the app owns its name there and has an accessibility bus of
# its own; it needs a display (Xvfb in CI) and GObject Introspection's
# Atspi (Debian's gir1.2-atspi-2.0).

import os
import shutil
import subprocess
import sys
import tempfile
import time

# G_DEBUG (fatal warnings, in the stack lanes) is for the app, not for
# libatspi in this process, which warns about what the app's toolkit
# does not implement; GLib is loaded only later, by check().
APP_G_DEBUG = os.environ.pop('G_DEBUG', None)

APP_ID = 'io.github.confabapp.Confab'
APP_PATH = '/' + APP_ID.replace('.', '/')
TIMEOUT = 60
CONTROLS = ('push button', 'toggle button', 'menu button', 'check box',
            'radio button', 'split button', 'page tab')
TYPE_PREFIXES = ('Gtk', 'Adw', 'Confab')


def skip(why):
    print('SKIP:', why)
    sys.exit(77)


def wait_for(what, condition):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise SystemExit('timed out waiting for ' + what)


def find_app(Atspi, pid):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            pass
    return None


def windows(app):
    found = {}
    for i in range(app.get_child_count()):
        window = app.get_child_at_index(i)
        if window is not None:
            found[window.get_name()] = window
    return found


def role_name(node):
    """The name of node's role; newer libatspi calls a push button
    "button"."""
    role = node.get_role_name()
    return 'push button' if role == 'button' else role


def walk(node, path, problems, counts):
    try:
        role = role_name(node)
        name = node.get_name() or ''
    except Exception:
        return
    here = path + ' > [%s] %s' % (role, name)
    if role in CONTROLS:
        counts[role] = counts.get(role, 0) + 1
        if name.strip() == '':
            problems.append(here + ': no name')
        elif name.startswith(TYPE_PREFIXES):
            problems.append(here + ': the name is a type name')
        elif '_' in name:
            problems.append(here + ': the name holds a mnemonic underscore')
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            walk(child, here if role in CONTROLS else path + ' > ' + role, problems, counts)


def activate(Gio, GLib, action):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.call_sync(APP_ID, APP_PATH, 'org.gtk.Actions', 'Activate',
                  GLib.Variant('(sava{sv})', (action, [], {})),
                  None, Gio.DBusCallFlags.NONE, -1, None)


def check(builddir):
    try:
        import gi
        gi.require_version('Atspi', '2.0')
        from gi.repository import Atspi, Gio, GLib
        globals()['Atspi'] = Atspi
    except (ImportError, ValueError) as error:
        skip('no Atspi from GObject Introspection: %s' % error)

    data_home = tempfile.mkdtemp(prefix='confab-a11y-')
    try:
        subprocess.run([os.path.join(builddir, 'tests', 'confab-a11y-seed'), data_home], check=True)

        env = dict(os.environ)
        env.pop('NO_AT_BRIDGE', None)
        if APP_G_DEBUG:
            env['G_DEBUG'] = APP_G_DEBUG
        env['GTK_A11Y'] = 'atspi'
        env['XDG_DATA_HOME'] = data_home
        env['XDG_CONFIG_HOME'] = data_home
        env['GSETTINGS_BACKEND'] = 'memory'
        env['DISPLAY'] = os.environ.get('CONFAB_A11Y_DISPLAY', '')
        app_process = subprocess.Popen([os.path.join(builddir, 'src', 'confab')], env=env)
        try:
            def app_started():
                if app_process.poll() is not None:
                    raise SystemExit('the app exited with %d' % app_process.returncode)
                return find_app(Atspi, app_process.pid)

            app = wait_for('the app on the accessibility bus', app_started)
            # Names are read as they are now, never from a cache.
            app.set_cache_mask(Atspi.Cache.NONE)

            problems = []
            counts = {}
            # The seeded answer, named "Answer", shows once the chat is open.
            wait_for('the main window showing the seeded answer', lambda: find_named(app, 'Answer'))
            activate(Gio, GLib, 'preferences')
            # A window of its own before libadwaita 1.5, a dialog in the
            # main window from 1.5 on.
            preferences = wait_for('Preferences', lambda: windows(app).get('Preferences') or
                                   find_named(app, 'Preferences', ('dialog',)))
            # A dialog: the one that adds a model's prices, on the Costs page.
            costs = wait_for('the Costs page\'s switch', lambda: find_named(preferences, 'Costs', CONTROLS))
            Atspi.Action.do_action(costs, 0)
            add = wait_for('the Add Model button',
                           lambda: find_named(preferences, 'Add Model', CONTROLS))
            n_windows = len(windows(app))
            Atspi.Action.do_action(add, 0)
            wait_for('the price dialog', lambda: len(windows(app)) > n_windows or
                     find_named(app, 'Cached Input (empty: same as input)', showing=True) is not None)
            activate(Gio, GLib, 'usage')
            wait_for('the Usage window', lambda: 'Usage' in windows(app))

            for name, window in windows(app).items():
                walk(window, '[window] ' + name, problems, counts)
            print('windows:', ', '.join(sorted(windows(app))))

            print('checked:', ', '.join('%d %s' % (n, r) for r, n in sorted(counts.items())))
            if counts.get('push button', 0) < 10:
                raise SystemExit('found only %s: the windows are not all there' % counts)
            if problems:
                print('\n'.join(problems))
                raise SystemExit('%d controls have no human name' % len(problems))
        finally:
            app_process.terminate()
            app_process.wait()
    finally:
        shutil.rmtree(data_home, ignore_errors=True)


def find_named(node, wanted, roles=None, showing=False):
    try:
        if (node.get_name() == wanted and (roles is None or role_name(node) in roles) and
                (not showing or node.get_state_set().contains(Atspi.StateType.SHOWING))):
            return node
        for i in range(node.get_child_count()):
            child = node.get_child_at_index(i)
            if child is not None:
                found = find_named(child, wanted, roles, showing)
                if found is not None:
                    return found
    except Exception:
        pass
    return None


def main():
    if len(sys.argv) != 2:
        raise SystemExit('usage: test-a11y-names.py BUILDDIR')
    if os.environ.get('CONFAB_A11Y_PRIVATE_BUS') != '1':
        if shutil.which('dbus-run-session') is None:
            skip('no dbus-run-session')
        # The accessibility bus launcher would publish its address on the
        # X display, which the other tests share and would then find
        # gone: it runs without a display, and the app finds its bus on
        # the session bus.
        env = dict(os.environ, CONFAB_A11Y_PRIVATE_BUS='1',
                   **({'G_DEBUG': APP_G_DEBUG} if APP_G_DEBUG else {}),
                   CONFAB_A11Y_DISPLAY=os.environ.get('DISPLAY', ''))
        env.pop('DISPLAY', None)
        os.execvpe('dbus-run-session', ['dbus-run-session', '--', sys.executable] + sys.argv, env)
    check(sys.argv[1])


if __name__ == '__main__':
    main()
