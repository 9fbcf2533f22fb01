# SPDX-License-Identifier: GPL-3.0-or-later
#
# The harness of the end-to-end tests: a private X server, the scripted
# chat server (confab-e2e-server), the built app with its own settings and
# history, and ways to read the app through the accessibility tree (AT-SPI)
# and to type into it (xdotool), as a person with a screen reader would.
#
# Every wait polls a condition until a generous deadline; nothing sleeps
# for a fixed time to let something happen.

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

# G_DEBUG (fatal warnings, in the stack lanes) is for the app under test,
# not for this process: libatspi, the client side of AT-SPI, warns about
# what an app's toolkit does not implement (the cache interface, say).
# It must be gone before GLib is loaded.
APP_G_DEBUG = os.environ.pop('G_DEBUG', None)

import gi  # noqa: E402

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

APP_ID = 'io.github.confabapp.Confab'
ROLE_ALIASES = {'button': 'push button'}

# Where the app's criticals (everywhere) and warnings (the stack lanes)
# are fatal, they are read from its stderr instead, and any of them fails
# the test once it is done, but for these, of the toolkit's own making:
# - GTK 4.24's X11 backend warns of a frame submitted twice when a popup
#   and its window draw in the same frame (they share the window's frame
#   clock): it did with the model picker's popover open.
# GDK's warning of a fifth layout asked for in one frame is not one of
# them: Confab leaves to the next frame what a frame has no layout left
# for (src/ui/widgets/confab-frame-pass.c).
TOOLKIT_MESSAGES = ('gdk_frame_timings_submitted() called on submitted frame',)
WIDTH, HEIGHT = 720, 820

# Generous: the machine running the tests may be loaded.
TIMEOUT = float(os.environ.get('CONFAB_E2E_TIMEOUT', '45'))
POLL = 0.05


class Failure(AssertionError):
    pass


def log(*args):
    print('e2e:', *args, file=sys.stderr, flush=True)


def wait_for(condition, what, timeout=TIMEOUT):
    """Polls condition() until it returns something true, and returns that."""
    start = time.monotonic()
    deadline = start + timeout
    last_error = None
    while True:
        try:
            value = condition()
            if value:
                if time.monotonic() - start > 3:
                    log(f'waited {time.monotonic() - start:.1f} s for {what}')
                return value
        except GLibError as error:  # a node went away while it was read
            last_error = error
        if time.monotonic() > deadline:
            raise Failure(f'gave up after {timeout:.0f} s waiting for {what}'
                          + (f' (last error: {last_error})' if last_error else ''))
        time.sleep(POLL)


from gi.repository import Gio, GLib  # noqa: E402
GLibError = GLib.Error


class Xvfb:
    """A private X server, so that keyboard focus is the app's alone.

    Its pointer rests at the centre of its screen, which is twice as wide
    and tall as the app's window (at the top left corner: there is no
    window manager), so no tooltip opens that no test asked for; GTK 4.24
    on X11 warns about the frames of such popups, which the stack lanes
    make fatal (see xvfb_screen in build-aux/confab-dev)."""

    def __init__(self):
        read_fd, write_fd = os.pipe()
        self.process = subprocess.Popen(
            ['Xvfb', '-displayfd', str(write_fd), '-screen', '0', '2560x1800x24',
             '-nolisten', 'tcp', '-noreset'],
            pass_fds=[write_fd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise Failure('Xvfb did not start')
        self.display = ':' + number

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Server:
    """The scripted chat server, driven through its standard input."""

    def __init__(self, executable):
        self.process = subprocess.Popen([executable], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1)
        self.base_url = json.loads(self.process.stdout.readline())['base_url']

    def command(self, **command):
        self.process.stdin.write(json.dumps(command) + '\n')
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        if 'error' in answer:
            raise Failure(f'server: {answer["error"]}')
        return answer

    def stream(self, text, pieces=1, delay_ms=0, hold=False, usage=None, parts=(), abort=False):
        command = dict(op='stream', text=text, pieces=pieces, delay_ms=delay_ms, hold=hold,
                       parts=[list(part) for part in parts], abort=abort)
        if usage is not None:
            command['usage'] = list(usage)
        self.command(**command)

    def fail(self, status, message):
        self.command(op='fail', status=status, message=message)

    def redirect(self, status):
        """Queues a redirect to another host, which counts what it gets."""
        self.command(op='redirect', status=status)

    def other_requests(self):
        return self.command(op='other_requests')['other_requests']

    def tls(self, cert, key):
        """Starts a server on https with that certificate; its base URL."""
        return self.command(op='tls', cert=cert, key=key)['base_url']
    def models(self, ids):
        """Serves GET /models with ids from now on, or 404 for None."""
        self.command(op='models', ids=ids)

    def credits(self, body):
        """Serves GET /credits with body from now on, or 404 for None."""
        self.command(op='credits', body=body)

    def credits_requests(self):
        return self.command(op='credits_requests')['credits_requests']

    def requests(self):
        return [r for r in self.command(op='requests')['requests'] if r['path'].endswith('/chat/completions')]

    def model_requests(self):
        return [r for r in self.command(op='requests')['requests'] if r['path'].endswith('/models')]

    def wait_for_requests(self, n):
        return wait_for(lambda: len(self.requests()) >= n and self.requests(), f'{n} requests to the server')

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


class Node:
    """Helpers on Atspi.Accessible."""

    @staticmethod
    def name(node):
        return node.get_name() or ''

    # Every question is a round trip over D-Bus, and GTK offers no cache
    # of the tree: what never changes is asked once.
    _roles = {}

    @staticmethod
    def role(node):
        role = Node._roles.get(node)
        if role is None:
            role = Atspi.role_get_name(node.get_role()) or ''
            # Newer libatspi names the push button role "button".
            role = Node._roles[node] = ROLE_ALIASES.get(role, role)
        return role

    # Whether the toolkit sets SHOWING on what it draws (GTK 4.8 never
    # does; newer GTK does, and leaves it off what it hides): learnt from
    # the main window.
    sets_showing = False

    @staticmethod
    def states(node):
        return node.get_state_set()

    @staticmethod
    def showing(node):
        """Whether node is drawn.  GTK 4.8 never sets SHOWING and sets
        VISIBLE on the hidden pages of a stack too, but gives what is not
        drawn an empty box (a page it hides keeps its last one, though).
        Newer GTK sets SHOWING, and may give what it does not draw any box
        at all (a negative width, say)."""
        states = node.get_state_set()
        if not states.contains(Atspi.StateType.VISIBLE):
            return False
        if Node.sets_showing and not states.contains(Atspi.StateType.SHOWING):
            return False
        box = Node.extents(node)
        return box is None or (box[2] > 0 and box[3] > 0)

    @staticmethod
    def text(node):
        """What node reads: a label's text is its name; text views and
        entries have the Text interface (asked each time: under load the
        question of which interfaces a node has can time out)."""
        role = Node.role(node)
        if role == 'label':
            return Node.name(node)
        if role not in ('text', 'entry', 'paragraph'):
            return ''
        iface = node.get_text_iface()
        if iface is None:
            return ''
        return Atspi.Text.get_text(iface, 0, -1) or ''

    @staticmethod
    def extents(node):
        """The node's box in the window: x, y, width, height, or None when
        it has none.  GTK 4.8 on X11 has no screen coordinates."""
        try:
            box = node.get_extents(Atspi.CoordType.WINDOW)
        except GLibError:
            return None
        return box.x, box.y, box.width, box.height


def walk(node, showing_only=False, depth=0):
    """Every node below node, depth first."""
    try:
        count = node.get_child_count()
    except GLibError:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except GLibError:
            continue
        if child is None:
            continue
        if showing_only:
            # Only the box: GTK gives what is not drawn an empty one.
            box = Node.extents(child)
            if box is not None and (box[2] <= 0 or box[3] <= 0):
                continue
            if Node.sets_showing and not Node.states(child).contains(Atspi.StateType.SHOWING):
                continue
        yield child
        yield from walk(child, showing_only, depth + 1)


def dump(node, indent=0, out=sys.stderr):
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is None:
            continue
        flags = ','.join(sorted(s.value_nick for s in child.get_state_set().get_states()))
        text = Node.text(child)
        print('  ' * indent + f'{Node.role(child)} "{Node.name(child)}" {flags} {Node.extents(child)}'
              + (f' text={text[:60]!r}' if text else ''), file=out)
        dump(child, indent + 1, out)


class App:
    """The built app, started with its own settings, history and display."""

    def __init__(self, session, args=()):
        self.session = session
        self._messages = None
        self._stop = None
        self.node = self.window = None
        session.apps.append(self)
        self.warnings = []
        env = dict(session.env)
        flags = [flag for flag in env.get('G_DEBUG', '').split(',') if flag]
        # What would be fatal is read from the app's stderr instead, and
        # fails the test once it is done (see TOOLKIT_MESSAGES).
        self.read_warnings = 'fatal-warnings' in flags
        self.read_criticals = self.read_warnings or 'fatal-criticals' in flags
        flags = [flag for flag in flags if flag not in ('fatal-warnings', 'fatal-criticals')]
        if flags:
            env['G_DEBUG'] = ','.join(flags)
        else:
            env.pop('G_DEBUG', None)
        self.process = subprocess.Popen([session.confab, *args], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE if self.read_criticals else None)
        if self.read_criticals:
            threading.Thread(target=self._read_stderr, daemon=True).start()
        self.node = wait_for(self._find, 'the app in the accessibility tree', timeout=2 * TIMEOUT)
        self.window = wait_for(self._main_window, 'the main window')
        self.xid = wait_for(self._xid, 'the X window of the app')
        self.focus()

    def _read_stderr(self):
        for line in iter(self.process.stderr.readline, b''):
            text = line.decode(errors='replace')
            sys.stderr.write(text)
            if (('-CRITICAL **' in text or ('-WARNING **' in text and self.read_warnings))
                    and not any(known in text for known in TOOLKIT_MESSAGES)):
                self.warnings.append(text.strip())

    def _find(self):
        if self.process.poll() is not None:
            raise Failure(f'the app exited with {self.process.returncode}')
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_process_id() == self.process.pid:
                return app
        return None

    def windows(self):
        return [self.node.get_child_at_index(i) for i in range(self.node.get_child_count())]

    def _main_window(self):
        """The window with the main menu in its header.  The composer's
        send button is not always there: GTK 4.8 shows the accessibility
        tree of the pages a stack hides, newer GTK does not (the welcome
        page hides the chat, with its send button)."""
        for window in self.windows():
            if window is not None and Node.role(window) in ('frame', 'window') and Node.showing(window):
                menu = self.find_in(window, role='push button', name=self.session.main_menu_name, showing=False)
                if menu:
                    if Node.states(menu).contains(Atspi.StateType.SHOWING):
                        Node.sets_showing = True
                    return window
        return None

    def _xid(self):
        result = subprocess.run(['xdotool', 'search', '--onlyvisible', '--pid', str(self.process.pid)],
                                env=self.session.env, capture_output=True, text=True)
        ids = result.stdout.split()
        return ids[-1] if ids else None

    def size(self):
        """The size of the X window: width, height."""
        result = subprocess.run(['xdotool', 'getwindowgeometry', '--shell', self.xid], env=self.session.env,
                                capture_output=True, text=True, check=True)
        values = dict(line.split('=', 1) for line in result.stdout.split())
        return int(values['WIDTH']), int(values['HEIGHT'])

    def focus(self):
        """Gives the keyboard focus to the main window: without a window
        manager nothing else does."""
        subprocess.run(['xdotool', 'windowfocus', '--sync', self.xid], env=self.session.env,
                       check=False, capture_output=True)

    def x_focus(self):
        """The X window that has the keyboard focus, as a decimal id."""
        result = subprocess.run(['xdotool', 'getwindowfocus'], env=self.session.env,
                                capture_output=True, text=True)
        return result.stdout.strip() or None

    def focus_report(self):
        """Where the focus is, as the X server and the app's accessibility
        tree see it: for a failure that depends on it."""
        try:
            active = Node.states(self.window).contains(Atspi.StateType.ACTIVE)
        except GLibError as error:
            active = f'unknown ({error})'
        return (f'X focus on {self.x_focus()}, the app window is {self.xid}; '
                f'its frame is active: {active}')

    # Reading ---------------------------------------------------------------

    def find_in(self, root, role=None, name=None, contains=None, showing=True, predicate=None):
        for node in walk(root, showing_only=showing):
            if role is not None and Node.role(node) != role:
                continue
            if name is not None and Node.name(node) != name:
                continue
            if contains is not None and contains not in Node.text(node):
                continue
            if predicate is not None and not predicate(node):
                continue
            return node
        return None

    def find_all(self, root=None, role=None, name=None, contains=None, showing=True, predicate=None):
        found = []
        for node in walk(root or self.window, showing_only=showing):
            if role is not None and Node.role(node) != role:
                continue
            if name is not None and Node.name(node) != name:
                continue
            if contains is not None and contains not in Node.text(node):
                continue
            if predicate is not None and not predicate(node):
                continue
            found.append(node)
        return found

    def find(self, **kwargs):
        return self.find_in(self.window, **kwargs)

    def wait_find(self, what=None, timeout=TIMEOUT, **kwargs):
        return wait_for(lambda: self.find(**kwargs), what or f'a node {kwargs}', timeout)

    def wait_text(self, text, timeout=TIMEOUT):
        """Waits until some text node on screen contains text."""
        return wait_for(lambda: self.text_node(text), f'text {text!r} on screen', timeout)

    def text_node(self, text, showing=True):
        return self.find_in(self.window, contains=text, showing=showing,
                            predicate=lambda n: text in Node.text(n))

    def texts(self, showing=True):
        """Every text on screen, in tree order."""
        return [t for t in (Node.text(n) for n in walk(self.window, showing_only=showing)) if t]

    def window_extents(self):
        return Node.extents(self.window)

    def within_window(self, node):
        """Whether node is showing and its box lies within the window's
        visible area (some of it, at least 1 pixel high)."""
        if not Node.showing(node):
            return False
        wx, wy, ww, wh = self.window_extents()
        x, y, w, h = Node.extents(node)
        return h > 0 and w > 0 and y < wy + wh and y + h > wy and x < wx + ww and x + w > wx

    def messages(self):
        # The window keeps one list of messages for all chats: found once.
        if self._messages is None:
            self._messages = self.wait_find('the list of messages', role='list', name='Messages')
        return self._messages

    def viewport(self):
        """The box of the scrolled window of the messages: what is on screen."""
        node = self.messages()
        while node is not None and Node.role(node) != 'scroll pane':
            node = node.get_parent()
        return Node.extents(node)

    def in_viewport(self, node):
        """Whether some of node is within the visible part of the messages."""
        box = Node.extents(node)
        if box is None or not Node.showing(node):
            return False
        vx, vy, vw, vh = self.viewport()
        x, y, w, h = box
        return y < vy + vh and y + h > vy and x < vx + vw and x + w > vx

    def end_in_viewport(self, node):
        """Whether the end of node (its last line, its footer) is within the
        visible part of the messages."""
        box = Node.extents(node)
        if box is None or not Node.showing(node):
            return False
        vx, vy, vw, vh = self.viewport()
        x, y, w, h = box
        return vy < y + h <= vy + vh + 1

    def answers(self):
        """The answers shown, oldest first."""
        # A message is an article where GTK has the role (4.14 on), and a
        # panel before.
        return self.find_all(self.messages(), showing=True,
                             predicate=lambda n: (Node.role(n) in ('article', 'panel')
                                                  and Node.name(n).startswith('Answer from')))

    def answer_text(self, answer):
        """The text of an answer, without its heading, notes and errors."""
        return '\n'.join(Node.text(n) for n in walk(answer, showing_only=True)
                          if Node.role(n) == 'text')

    def last_answer(self):
        answers = self.answers()
        return answers[-1] if answers else None

    def button_names(self, root):
        return sorted({Node.name(n) for n in walk(root, showing_only=True) if 'button' in Node.role(n)})

    # Acting ----------------------------------------------------------------

    def click_at(self, node):
        """Clicks the middle of node with the pointer."""
        x, y, w, h = Node.extents(node)
        subprocess.run(['xdotool', 'mousemove', '--window', self.xid, str(x + w // 2), str(y + h // 2),
                        'click', '1'], env=self.session.env, check=True)

    def click(self, node):
        """Activates a button the way an assistive technology does."""
        action = node.get_action_iface()
        if action is None or action.get_n_actions() == 0:
            raise Failure(f'{Node.role(node)} "{Node.name(node)}" has no action')
        action.do_action(0)

    def unfocus(self):
        """Gives the keyboard focus to another app's window, as switching
        to another app would."""
        if self.session.other is None:
            self.session.other = subprocess.Popen(['xmessage', '-title', 'confab-e2e-other', '-geometry', '+0+0',
                                                   'Another app'], env=self.session.env,
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def other():
            result = subprocess.run(['xdotool', 'search', '--name', 'confab-e2e-other'], env=self.session.env,
                                    capture_output=True, text=True)
            return result.stdout.split()[0] if result.stdout.split() else None
        xid = wait_for(other, 'the window of another app')
        subprocess.run(['xdotool', 'mousemove', '--window', xid, '5', '5', 'windowfocus', '--sync', xid],
                       env=self.session.env, check=False, capture_output=True)

    def keys(self, *keys):
        self.focus()
        subprocess.run(['xdotool', 'key', '--clearmodifiers', *keys], env=self.session.env, check=True)

    def type(self, text):
        self.focus()
        subprocess.run(['xdotool', 'type', '--delay', '20', '--', text], env=self.session.env, check=True)

    def busy(self):
        """Whether the composer offers Stop (the stack of its buttons keeps
        the box of the page it hides, so sensitivity tells)."""
        if Node.sets_showing:
            # Newer GTK leaves the page the stack hides out of the tree.
            stop = self.find(role='push button', name='Stop Generating', showing=True)
            return stop is not None and Node.states(stop).contains(Atspi.StateType.SENSITIVE)
        if self._stop is None:
            self._stop = wait_for(lambda: self.find(role='push button', name='Stop Generating', showing=False),
                                  'the Stop button')
        return Node.states(self._stop).contains(Atspi.StateType.SENSITIVE)

    def composer(self):
        return self.wait_find('the composer', role='text', name=self.session.composer_name, showing=True)

    def send(self, prompt):
        """Types prompt into the composer and sends it with Enter."""
        composer = self.composer()
        focused = lambda: Node.states(composer).contains(Atspi.StateType.FOCUSED)  # noqa: E731
        if not focused():
            self.click_at(composer)
        wait_for(focused, 'the focus in the composer')
        self.type(prompt)
        wait_for(lambda: Node.text(composer) == prompt,
                 f'the prompt in the composer (it holds {Node.text(composer)!r})')
        self.keys('Return')

    def quit_with_keys(self):
        self.keys('ctrl+q')
        return self.wait_exit()

    def wait_exit(self, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                raise Failure('the app did not exit')
            time.sleep(POLL)
        return self.process.returncode

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class Session:
    """One test: an X server, a chat server, settings and a history."""

    def __init__(self, name):
        self.name = name
        self.builddir = os.environ.get('CONFAB_BUILDDIR') or os.path.join(os.path.dirname(__file__), '..', '..', '_build')
        # CONFAB_E2E_APP runs the scenarios against another build of the app.
        self.confab = os.environ.get('CONFAB_E2E_APP') or os.path.join(self.builddir, 'src', 'confab')
        self.tmp = tempfile.mkdtemp(prefix=f'confab-e2e-{name}-')
        self.xvfb = Xvfb()
        self.server = Server(os.path.join(self.builddir, 'tests', 'e2e', 'confab-e2e-server'))
        self.apps = []
        # The test's own runtime folder, for its app and for the
        # accessibility bus its session bus starts (which puts its socket
        # there, or in ~/.cache/at-spi without one): under load, the buses
        # of tests run at once got in each other's way in a shared one.
        self.runtime_dir = os.path.join(self.tmp, 'runtime')
        os.mkdir(self.runtime_dir, 0o700)

        env = dict(os.environ)
        for key in ('NO_AT_BRIDGE', 'GTK_A11Y', 'GSETTINGS_BACKEND', 'LANG', 'LANGUAGE', 'LC_ALL'):
            env.pop(key, None)
        if APP_G_DEBUG:
            env['G_DEBUG'] = APP_G_DEBUG
        srcdir = os.environ.get('CONFAB_SRCDIR') or os.path.join(os.path.dirname(__file__), '..', '..')
        env.update({
            'DISPLAY': self.xvfb.display,
            'GDK_BACKEND': 'x11',
            'LC_ALL': 'C.UTF-8',
            'LANGUAGE': 'C',
            'GSETTINGS_BACKEND': 'keyfile',
            'GSETTINGS_SCHEMA_DIR': os.path.join(self.builddir, 'data'),
            'XDG_CONFIG_HOME': os.path.join(self.tmp, 'config'),
            'XDG_DATA_HOME': os.path.join(self.tmp, 'data'),
            'XDG_CACHE_HOME': os.path.join(self.tmp, 'cache'),
            'XDG_STATE_HOME': os.path.join(self.tmp, 'state'),
            'XDG_RUNTIME_DIR': self.runtime_dir,
            'XDG_DATA_DIRS': os.path.join(srcdir, 'data') + ':/usr/local/share:/usr/share',
            'GTK_A11Y': 'atspi',
        })
        self.env = env
        self.send_name = 'Send Message'
        self.composer_name = 'Message'
        self.main_menu_name = 'Main Menu'
        self.notifier = None
        self.other = None
        self.setting_values = {}
        self.keyfile = os.path.join(self.tmp, 'config', 'glib-2.0', 'settings', 'keyfile')
        self.write_settings()
        # The test reads the clipboard through xclip on the same display.
        os.environ['DISPLAY'] = self.xvfb.display
        # The accessibility bus and its registry are started by the session
        # bus of this test, and must use this test's display (the bus
        # launcher announces itself on the root window) and runtime folder.
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                      'UpdateActivationEnvironment',
                      GLib.Variant('(a{ss})', ({'DISPLAY': self.xvfb.display,
                                                'XDG_RUNTIME_DIR': self.runtime_dir},)),
                      None, Gio.DBusCallFlags.NONE, -1, None)
        # Bring up the accessibility bus and registry before the app
        # looks for them.
        wait_for(lambda: Atspi.get_desktop(0).get_child_count() >= 0, 'the accessibility registry')

    def settings(self, **values):
        """Adds settings (GVariant text) for the apps of this session."""
        self.write_settings(**values)

    def read_settings(self):
        with open(self.keyfile) as f:
            return f.read()

    def notifications(self):
        """Starts the scripted notification server on the session bus."""
        from e2e_notifier import Notifications
        self.notifier = Notifications(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   'confab-e2e-notifications.py'))
        return self.notifier

    def korean(self):
        """Has the apps of this session speak Korean, with the
        translations built in the build folder (any LC_TIME: Confab's
        date formats are its translators').

        The locale is Korean too: glibc 2.41 (Debian 13 on) ignores
        LANGUAGE in the C.UTF-8 locale as it does in C.  Where the machine
        has no ko_KR.UTF-8 locale, the session makes one of the data of
        C.UTF-8 under that name, for its apps only (LOCPATH): what they
        read comes from the translations, not from the locale."""
        name = 'ko_KR.UTF-8'
        have = subprocess.run(['locale', '-a'], capture_output=True, text=True).stdout.split()
        if not {'ko_KR.utf8', 'ko_KR.UTF-8'} & set(have):
            c_utf8 = '/usr/lib/locale/C.utf8'
            if not os.path.isdir(c_utf8):
                raise Failure(f'no {name} locale, and no {c_utf8} to make one of')
            locales = os.path.join(self.tmp, 'locale')
            shutil.copytree(c_utf8, os.path.join(locales, name))
            self.env['LOCPATH'] = locales
        self.env['LC_ALL'] = name
        self.env['LANGUAGE'] = 'ko'
        self.env['CONFAB_LOCALEDIR'] = os.path.join(self.builddir, 'po')
        self.send_name = '메시지 보내기'
        self.composer_name = '메시지'
        self.main_menu_name = '주 메뉴'

    def seed(self):
        """Fills the history with confab-a11y-seed's chats."""
        subprocess.run([os.path.join(self.builddir, 'tests', 'confab-a11y-seed'), self.env['XDG_DATA_HOME']],
                       env=self.env, check=True, timeout=60)

    def write_settings(self, **settings):
        """The app's settings before it starts: the server's base URL, the
        model, and settings (as GVariant text, by key with _ for -), added
        to those written before."""
        os.makedirs(os.path.dirname(self.keyfile), exist_ok=True)
        self.setting_values.update({key.replace('_', '-'): value for key, value in settings.items()})
        values = {'base-url': f"'{self.server.base_url}'", 'model': "'e2e-model'"}
        values.update(self.setting_values)
        with open(self.keyfile, 'w') as f:
            f.write('[io/github/confabapp/Confab]\n')
            f.writelines(f'{key}={value}\n' for key, value in values.items())

    def start_app(self, *args):
        return App(self, args)

    def clipboard(self):
        result = subprocess.run(['xclip', '-selection', 'clipboard', '-o'], env=self.env,
                                capture_output=True, text=True, timeout=10)
        return result.stdout if result.returncode == 0 else None

    def close(self):
        for app in self.apps:
            app.kill()
        self.server.stop()
        if self.notifier is not None:
            self.notifier.stop()
        if self.other is not None:
            self.other.kill()
            self.other.wait(timeout=10)
        self.xvfb.stop()
        if os.environ.get('CONFAB_E2E_KEEP'):
            log('kept', self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def main(tests):
    """Runs the tests named on the command line (or all of them).

    With --expect-failure TEXT, a failure whose message holds TEXT is
    what is expected today (exit status 1, for meson's should_fail), and
    any other failure is an error (exit status 99, which meson reports
    as such whatever should_fail says)."""
    args = sys.argv[1:]
    expected = None
    if '--expect-failure' in args:
        at = args.index('--expect-failure')
        expected = args[at + 1]
        del args[at:at + 2]
    names = args or list(tests)
    failed = []
    unexpected = []
    for name in names:
        session = Session(name)
        start = time.monotonic()
        try:
            tests[name](session)
            warnings = [warning for app in session.apps for warning in app.warnings]
            if warnings:
                raise Failure(f'the app warned: {warnings}')
        except Exception as error:  # noqa: BLE001: reported, then failed
            failed.append(name)
            if expected is not None and expected not in str(error):
                unexpected.append(name)
            log(f'{name}: FAIL: {error}')
            from e2e_diagnose import diagnose
            for app in session.apps:
                try:
                    diagnose(app)
                except Exception as diagnosis_error:  # noqa: BLE001
                    log(f'could not diagnose the app: {diagnosis_error}')
            shots = os.environ.get('CONFAB_E2E_SCREENSHOTS')
            if shots and shutil.which('import'):
                os.makedirs(shots, exist_ok=True)
                subprocess.run(['import', '-window', 'root', os.path.join(shots, f'{name}.png')],
                               env=session.env, check=False)
            if os.environ.get('CONFAB_E2E_DUMP') and session.apps:
                try:
                    app = session.apps[-1]
                    dump(app.window or app.node)
                except Exception:  # noqa: BLE001
                    pass
            traceback.print_exc()
        else:
            log(f'{name}: ok ({time.monotonic() - start:.1f} s)')
        finally:
            session.close()
    if unexpected:
        log(f'failed for another reason than the expected {expected!r}: {", ".join(unexpected)}')
        return 99
    if failed and expected is not None:
        log(f'failed as expected until the fix lands ({expected!r})')
    return 1 if failed else 0
