#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end tests: the built app in its own X server at its default size,
# read through the accessibility tree and driven by the keyboard, against
# the scripted chat server.  Each test is named on the command line:
#
#   dbus-run-session -- python3 tests/e2e/test-e2e.py send copy ...
#
# (meson runs each as its own test; see tests/e2e/meson.build, also for
# --expect-failure TEXT.)  The environment: CONFAB_BUILDDIR (default
# _build), CONFAB_E2E_TIMEOUT (the seconds any one wait may take, default
# 45), CONFAB_E2E_DUMP=1 to print the accessibility tree of a failing
# test, CONFAB_E2E_SCREENSHOTS=DIR for a picture of its screen,
# CONFAB_E2E_KEEP=1 to keep its settings and history, CONFAB_E2E_APP to
# run another build of the app.

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from confab_e2e import HEIGHT, WIDTH, Atspi, Failure, Node, main, wait_for, walk  # noqa: E402
from e2e_steps import check, lines, open_chat, roles, wait_answer, wait_growing, wait_idle  # noqa: E402


# The scenarios -------------------------------------------------------------

def test_send(s):
    s.server.stream('The capital of France is Paris.', pieces=4, delay_ms=50)
    app = s.start_app()
    check(app.size() == (WIDTH, HEIGHT), f'the window opened at {app.size()}, not at its default size')
    app.send('What is the capital of France?')
    app.wait_find('the prompt', role='label', name='What is the capital of France?')
    answer = wait_answer(app, 'The capital of France is Paris.')
    check(app.in_viewport(answer), 'the answer is not on screen')
    wait_idle(app)
    body = s.server.wait_for_requests(1)[0]['body']
    check(body['model'] == 'e2e-model', f'the request asked {body["model"]!r}')
    check(body['messages'][-1] == {'role': 'user', 'content': 'What is the capital of France?'},
          f'the request ends with {body["messages"][-1]!r}')


def test_copy(s):
    text = 'Copy me: the quick brown fox jumps over the lazy dog.'
    s.server.stream(text, pieces=3, delay_ms=20)
    app = s.start_app()
    app.send('Say something to copy')
    answer = wait_answer(app, text)
    wait_idle(app)
    # A screen reader finds the button by its name, as a person would.
    copy = wait_for(lambda: app.find_in(answer, role='push button',
                                        predicate=lambda n: Node.name(n).startswith('Copy')),
                    'a button named Copy… in the answer (its buttons are named '
                    f'{app.button_names(answer)})', timeout=10)
    app.click(copy)
    wait_for(lambda: (s.clipboard() or '').strip() == text, f'{text!r} on the clipboard '
             f'(it holds {s.clipboard()!r})', timeout=10)


def test_stop(s):
    # A minute of answer: Stop comes well before its end, however slow the
    # machine.
    full = ' '.join(f'word{k}' for k in range(1000))
    s.server.stream(full, pieces=1000, delay_ms=60, hold=True)
    app = s.start_app()
    app.send('Write a long text')
    answer = wait_answer(app, 'word10 ')
    stop = app.wait_find('the Stop button', role='push button', name='Stop Generating')
    app.click(stop)
    wait_idle(app)
    wait_for(lambda: app.find_in(answer, role='label', name='Stopped'), 'the note Stopped on the answer')
    kept = app.answer_text(answer)
    partial = kept.strip()
    check('word10 ' in partial, f'the partial answer was not kept: {kept!r}')
    check(full.startswith(partial), f'the kept answer is not what arrived: {partial!r}')
    check('word999' not in kept, 'the answer was not stopped')
    # Nothing more arrives once stopped: the text stays as it is.
    time.sleep(1)
    check(app.answer_text(answer) == kept, 'the answer kept growing after Stop')


def test_retry(s):
    s.server.fail(500, 'The e2e server is overloaded')
    app = s.start_app()
    app.send('Will this work?')
    app.wait_text('The e2e server is overloaded')
    retry = app.wait_find('the Retry button', role='push button', predicate=lambda n: 'Retry' in Node.name(n))
    s.server.stream('It works now.', pieces=2, delay_ms=20)
    app.click(retry)
    wait_answer(app, 'It works now.')
    wait_idle(app)
    check(app.text_node('The e2e server is overloaded') is None, 'the error is still shown')
    requests = s.server.wait_for_requests(2)
    check(len(requests) == 2, f'{len(requests)} requests')
    check(roles(requests[1]['body']) == ['user'], f'the retry sent {roles(requests[1]["body"])}')


def test_follow(s):
    """After each of 8 exchanges the newest answer is on screen."""
    app = s.start_app()

    def newest_on_screen(i):
        for answer in reversed(app.answers()):
            if f'Answer {i}, paragraph 4.' in app.answer_text(answer):
                return app.end_in_viewport(answer) and answer
        return None

    def where_newest_ends():
        # Said once the wait is over, not when it starts.
        answers = app.answers()
        if not answers:
            return 'no answer shows'
        box = Node.extents(answers[-1])
        _, vy, _, vh = app.viewport()
        return (f'the newest answer shown, {app.answer_text(answers[-1]).split(",")[0]!r}, '
                f'ends at y={box[1] + box[3] if box else None}, the view at y={vy + vh}')

    for i in range(1, 9):
        s.server.stream(lines(f'Answer {i}', 4), pieces=4, delay_ms=20)
        app.send(f'Question {i}')
        s.server.wait_for_requests(i)
        wait_idle(app)
        try:
            wait_for(lambda: newest_on_screen(i), f'the end of answer {i} on screen after {i} exchanges',
                     timeout=15)
        except Failure as failure:
            raise Failure(f'{failure} ({where_newest_ends()})') from None
        prompt = app.find_in(app.messages(), role='label', name=f'Question {i}')
        check(prompt is not None and app.in_viewport(prompt), f'question {i} is not on screen')


def test_two_chats(s):
    """A chat can be sent while another one streams."""
    # Three minutes of answer, still streaming when the test looks at it
    # again, however busy the machine (a minute was not, at load 15).
    s.server.stream(' '.join(f'alpha{k}' for k in range(1800)), pieces=1800, delay_ms=100, hold=True)
    app = s.start_app()
    app.send('Chat A question')
    wait_answer(app, 'alpha5 ')
    app.keys('ctrl+n')
    app.wait_find('the empty chat', role='label', name='Start a Chat')
    s.server.stream('Answer in chat B.', pieces=2, delay_ms=20)
    wait_for(lambda: not app.busy(), 'Send instead of Stop in the new chat', timeout=15)
    app.send('Chat B question')
    s.server.wait_for_requests(2)
    wait_answer(app, 'Answer in chat B.')
    wait_idle(app)
    body = s.server.requests()[1]['body']
    check(roles(body) == ['user'] and body['messages'][0]['content'] == 'Chat B question',
          f'chat B sent {body["messages"]}')
    # Chat A still streams: back in it, its answer grows.
    open_chat(app, 'Chat A')
    answer = wait_answer(app, 'alpha')
    wait_growing(app, answer, 'the answer of chat A')


def test_switch_back(s):
    """Coming back to a chat that streams shows the live answer."""
    s.server.stream(' '.join(f'beta{k}' for k in range(1800)), pieces=1800, delay_ms=100, hold=True)
    app = s.start_app()
    app.send('Streaming chat question')
    wait_answer(app, 'beta5 ')
    app.keys('ctrl+n')
    app.wait_find('the empty chat', role='label', name='Start a Chat')
    open_chat(app, 'Streaming chat')
    answer = wait_answer(app, 'beta')
    wait_growing(app, answer, 'the live answer after coming back')
    check(app.busy(), 'the streaming chat offers no Stop')


def test_quit_restart(s):
    """Ctrl+Q during a stream keeps all that arrived, marked stopped."""
    # Some text, then, after the periodic save, a last piece; then nothing.
    s.server.stream('Kept from the start; ', pieces=4, delay_ms=20, hold=True,
                    parts=[(2500, 'and the LAST-PIECE too.')])
    app = s.start_app()
    app.send('Quit while I answer')
    wait_answer(app, 'LAST-PIECE')
    code = app.quit_with_keys()
    check(code == 0, f'the app exited with {code}')
    wal = os.path.join(s.tmp, 'data', 'confab', 'confab.db-wal')
    wal_size = os.path.getsize(wal) if os.path.exists(wal) else 0

    app = s.start_app()
    open_chat(app, 'Quit while')
    answer = wait_answer(app, 'Kept from the start')
    text = app.answer_text(answer)
    # Today the answer comes back as interrupted, and loses what arrived
    # since the last periodic save when the machine is fast enough to
    # quit before the next one.
    check(app.find_in(answer, role='label', name='Stopped') is not None,
          f'the answer is not marked Stopped: it reads {text!r}, with '
          f'{[Node.text(n) for n in walk(answer, showing_only=True) if Node.role(n) == "label"]}')
    check('LAST-PIECE' in text, f'what arrived last was lost: the answer reads {text!r}')
    check(wal_size == 0, f'the store was not closed on quit: its write-ahead log of {wal_size} bytes stays')


def test_search(s):
    s.server.stream('Zebras wear quaggastripes all year.', pieces=2, delay_ms=20)
    app = s.start_app()
    app.send('Tell me about zebras')
    wait_answer(app, 'quaggastripes')
    wait_idle(app)
    s.server.stream('Owls fly silently at night.', pieces=2, delay_ms=20)
    app.keys('ctrl+n')
    app.wait_find('the empty chat', role='label', name='Start a Chat')
    app.send('Tell me about owls')
    wait_answer(app, 'Owls fly silently')
    wait_idle(app)

    app.keys('ctrl+f')
    entry = app.wait_find('the search entry', role='entry', name='Search all chats')
    wait_for(lambda: Node.states(entry).contains(Atspi.StateType.FOCUSED),
             'the focus in the search entry', timeout=10)
    app.type('quaggastripes')
    results = app.wait_find('the search results', role='list', name='Search Results')
    hit = wait_for(lambda: app.find_in(results, role='label', contains='quaggastripes'),
                   'a search result with quaggastripes')
    app.click_at(hit)
    answer = wait_answer(app, 'quaggastripes')
    wait_for(lambda: app.in_viewport(answer), 'the message found on screen', timeout=10)


def test_korean(s):
    """Korean as people read it: dates without zero padding, menus and
    buttons without a stray "(N)" for their mnemonics."""
    s.korean()
    s.seed()
    app = s.start_app()
    # The seeded answer of 9 October 2025, 14:03.
    stamp = wait_for(lambda: app.find(role='label', contains='2025년 10월'), 'the date of the seeded answer')
    check(Node.name(stamp).startswith('2025년 10월 9일 14:03'), f'the date reads {Node.name(stamp)!r}')
    app.keys('F10')
    app.wait_find('the main menu', name='새 채팅')
    mnemonic = re.compile(r'\(_?[A-Za-z0-9]\)')
    shown = [Node.name(n) for window in app.windows() if window is not None
             for n in walk(window, showing_only=True)]
    check(len(shown) > 20, f'too little of the window was read: {shown}')
    stray = [name for name in shown if name and mnemonic.search(name)]
    check(not stray, f'mnemonics show as text: {stray}')
    app.keys('Escape')


# Faults through the window: the sentence a person reads, and the prompt
# and what arrived of the answer kept.

def wait_kept(app, prompt, says, partial=None):
    """Waits for the sentence says, then checks that the prompt is shown
    as it was sent and the last answer keeps partial; returns the answer."""
    app.wait_text(says)
    wait_idle(app)
    app.wait_find('the prompt', role='label', name=prompt)
    answer = app.last_answer()
    if partial is not None:
        kept = app.answer_text(answer)
        check(partial in kept, f'the answer kept {kept!r}, not {partial!r}')
    app.wait_find('the Retry button', role='push button', predicate=lambda n: 'Retry' in Node.name(n))
    return answer


def test_fault_reset(s):
    partial = 'Faults come in many kinds, and this answer is cut short.'
    s.server.stream(partial, pieces=5, delay_ms=30, abort=True)
    app = s.start_app()
    app.send('Tell me about resets')
    wait_kept(app, 'Tell me about resets',
              'The connection broke before the answer was complete. What arrived is kept', partial)


def test_fault_stall(s):
    partial = 'The first half arrived before the server went silent.'
    s.write_settings(stall_timeout='uint32 10')
    s.server.stream(partial, pieces=2, hold=True)
    app = s.start_app()
    app.send('Tell me about stalls')
    wait_answer(app, partial)
    wait_kept(app, 'Tell me about stalls', 'The server sent nothing for 10 seconds', partial)


def test_fault_stall_stop(s):
    partial = 'The first half arrived before the server went silent.'
    s.server.stream(partial, pieces=2, hold=True)
    app = s.start_app()
    app.send('Stop the silence')
    answer = wait_answer(app, partial)
    app.click(app.wait_find('the Stop button', role='push button', name='Stop Generating'))
    wait_idle(app)
    wait_for(lambda: app.find_in(answer, role='label', name='Stopped'), 'the note Stopped on the answer')
    check(partial in app.answer_text(answer), f'the answer kept {app.answer_text(answer)!r}')
    app.wait_find('the prompt', role='label', name='Stop the silence')


def test_fault_tls(s):
    cert = os.path.join(s.tmp, 'cert.pem')
    key = os.path.join(s.tmp, 'key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                    '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
                   check=True, capture_output=True)
    s.write_settings(base_url=f"'{s.server.tls(cert, key)}'")
    app = s.start_app()
    app.send('Is this safe?')
    wait_kept(app, 'Is this safe?', 'not signed by an authority this computer trusts', '')


def test_fault_redirect(s):
    s.write_settings(api_key="'sk-e2e-never-elsewhere'")
    s.server.redirect(308)
    app = s.start_app()
    app.send('Where does this go?')
    wait_kept(app, 'Where does this go?', 'sent the request on to another address (HTTP 308): http://localhost:', '')
    check(len(s.server.requests()) == 1, f'{len(s.server.requests())} requests to the server')
    check(s.server.other_requests() == 0, 'the request (and the key) went to the other host')


def test_send_key(s):
    """With Ctrl+Enter chosen, Enter starts a new line and Ctrl+Enter sends."""
    s.settings(send_key="'ctrl-enter'")
    s.server.stream('Two lines received.', pieces=2, delay_ms=20)
    app = s.start_app()
    composer = app.composer()
    focused = lambda: Node.states(composer).contains(Atspi.StateType.FOCUSED)  # noqa: E731
    if not focused():
        app.click_at(composer)
    wait_for(focused, 'the focus in the composer')
    app.type('first line')
    wait_for(lambda: Node.text(composer) == 'first line', 'the first line in the composer')
    app.keys('Return')
    app.type('second line')
    # Read only while waiting, where an error is one more try: GTK 4.24
    # sends no answer to AT-SPI's GetText on the composer while its text
    # ends with the line break just typed.
    wait_for(lambda: Node.text(composer) == 'first line\nsecond line', 'two lines in the composer')
    check(not s.server.requests(), 'Enter sent the message')
    app.keys('ctrl+Return')
    wait_answer(app, 'Two lines received.')
    body = s.server.wait_for_requests(1)[0]['body']
    check(body['messages'][-1]['content'] == 'first line\nsecond line',
          f'the request ends with {body["messages"][-1]!r}')


def window_brightness(s, app):
    """The mean brightness, 0 to 1, of the app's window on screen."""
    result = subprocess.run(['import', '-window', app.xid, '-colorspace', 'gray', '-format', '%[fx:mean]', 'info:'],
                            env=s.env, capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


def test_style(s):
    """Dark from the start when chosen, and light again at once."""
    s.settings(style="'dark'")
    app = s.start_app()
    wait_for(lambda: window_brightness(s, app) < 0.35, 'a dark window', timeout=15)
    # Preferences write the setting; here the settings file does, as
    # another instance would.
    with open(s.keyfile) as f:
        text = f.read().replace("style='dark'", "style='light'")
    with open(s.keyfile, 'w') as f:
        f.write(text)
    wait_for(lambda: window_brightness(s, app) > 0.65, 'the window light again', timeout=15)


def test_notify(s):
    """An answer that ends while another app has the focus is announced,
    one notification per chat; a click shows that chat; looking at it
    withdraws the notification.  None while Confab has the focus."""
    notifier = s.notifications()
    s.settings(stall_timeout='20')
    s.server.stream('Answered while you watched.', pieces=2, delay_ms=20)
    app = s.start_app()
    app.send('Watched question')
    wait_answer(app, 'Answered while you watched.')
    wait_idle(app)

    # An answer whose end comes 15 s later (within the stall timeout of
    # 20 s); meanwhile a new chat, then another app.  The keys and the
    # change of focus reach the app in this order.
    s.server.stream('Answered in the background.', parts=[(15000, ' And the END of it.')])
    app.send('Background question')
    app.keys('ctrl+n')
    app.unfocus()
    app.wait_find('the empty chat', role='label', name='Start a Chat')
    notified = wait_for(lambda: notifier.calls('Notify'), 'a notification')[0]
    check(len(notifier.calls('Notify')) == 1,
          f'more than one notification, the first while focused: {notifier.calls("Notify")}')
    # Titled after the chat, which its first prompt named.
    check(notified['summary'] == 'Watched question', f'the notification is titled {notified["summary"]!r}')
    check(notified['body'] == 'Answered in the background. And the END of it.',
          f'the notification reads {notified["body"]!r}')
    check('default' in notified['actions'], f'the notification has no default action: {notified["actions"]}')

    # A click shows the chat (the server closes what was clicked).
    notifier.invoke(notified['id'])
    wait_answer(app, 'And the END of it.')

    # A failed answer is announced as one: this one stalls, and is given
    # up after the 20 seconds of stall-timeout.  The notification server
    # is slow to answer this time.
    s.server.stream('Half an answer', hold=True)
    app.keys('ctrl+n')
    app.wait_find('the empty chat', role='label', name='Start a Chat')
    app.send('Failing question')
    app.unfocus()
    notifier.delay(1500)
    failed = wait_for(lambda: notifier.calls('Notify')[1:], 'a notification of the failure')[0]

    # Back in the window, which shows that chat, before the notification
    # server has answered: the notification goes all the same.
    app.focus()
    notifier.delay(0)
    check(failed['summary'] == 'Failing question', f'the notification is titled {failed["summary"]!r}')
    check(failed['body'].startswith('The answer failed: '), f'the notification reads {failed["body"]!r}')
    try:
        wait_for(lambda: [c for c in notifier.calls('CloseNotification') if c['id'] == failed['id']],
                 'the notification withdrawn once the chat was seen')
    except Failure as failure:
        raise Failure(f'{failure}; {app.focus_report()}; calls: {notifier.calls()}') from None


def test_home_network(s):
    """A plain http server on the home network is allowed once confirmed,
    and remembered; nothing is ever sent to it."""
    s.settings(base_url="'http://192.168.1.20:11434/v1'")
    app = s.start_app()
    app.keys('ctrl+comma')

    def preferences():
        for window in app.windows():
            if window is not None and app.find_in(window, name='Base URL'):
                return window
        return None
    window = wait_for(preferences, 'the Preferences window')
    # GTK 4.8 names a button with a mnemonic label twice over.
    allow_button = lambda: app.find_in(window, role='push button',  # noqa: E731
                                       predicate=lambda n: Node.name(n).startswith('Allow Unencrypted…'))
    allow = wait_for(allow_button, 'the button to allow the server')
    error = app.find_in(window, role='label', contains='192.168.1.20')
    check(error is not None and 'unencrypted' in Node.text(error),
          f'no word of the key sent unencrypted: {error and Node.text(error)!r}')
    app.click(allow)

    def dialog_button():
        for w in app.windows():
            if w is None:
                continue
            body = app.find_in(w, role='label', contains='others on it can read them')
            button = body and app.find_in(w, role='push button',
                                          predicate=lambda n: Node.name(n) in ('Allow', 'Allow Allow'))
            if button:
                return button
        return None
    app.click(wait_for(dialog_button, 'the dialog asking to allow 192.168.1.20'))
    wait_for(lambda: "plain-http-hosts=['192.168.1.20']" in s.read_settings(),
             f'the host remembered in the settings (they read {s.read_settings()!r})')
    wait_for(lambda: allow_button() is None, 'the address accepted')
    check(not s.server.requests(), 'a request was sent')


def test_models(s):
    """The model in the header opens the server's list; typing part of an
    Ollama tag and Enter picks the tag, and the next answer comes from it."""
    s.server.models(['e2e-model', 'llama3.2:latest', 'qwen3:8b'])
    s.server.stream('Hello from Llama.', pieces=2, delay_ms=20)
    app = s.start_app()
    # The menu button holds a toggle button of the same name ("push
    # button" on GTK 4.8, "toggle button" on newer GTK), pressed through
    # its action as a screen reader does: on GTK 4.18 the boxes AT-SPI
    # gives are some 15 pixels above and left of where the window draws
    # them, and a click in the middle of this short button's box lands on
    # the title above it.
    buttons = wait_for(lambda: app.find_all(name='Model: e2e-model'), 'the model button')
    app.click(buttons[-1])
    wait_for(lambda: app.find(name='llama3.2:latest'), 'llama3.2:latest in the list of models')
    check(len(s.server.model_requests()) == 1, 'the list of models was not asked for once')
    app.type('llama')
    app.keys('Return')
    app.wait_find('the model button showing the tag', name='Model: llama3.2:latest')
    app.send('Who are you?')
    wait_answer(app, 'Hello from Llama.')
    wait_idle(app)
    body = s.server.wait_for_requests(1)[0]['body']
    check(body['model'] == 'llama3.2:latest', f'the request asked {body["model"]!r}')


def test_estimate(s):
    """As the person types, the composer says what the next request will
    carry; once the answer is in, its usage says how far that was from
    what the server counted, and the next estimate starts from the count."""
    prompt = 'What is the capital of France?'
    s.server.stream('Paris.', pieces=2, delay_ms=20, usage=(16, 40))
    app = s.start_app()
    # An empty chat: the request's own framing.
    app.wait_find('the estimate of an empty chat', role='label', name='Estimate: 4 input tokens')
    composer = app.composer()
    app.click_at(composer)
    wait_for(lambda: Node.states(composer).contains(Atspi.StateType.FOCUSED), 'the focus in the composer')
    app.type(prompt)
    # 7 tokens of text and 9 of framing, as Gemini's tokenizer counts them.
    app.wait_find('the estimate of the prompt', role='label', name='Estimate: 16 input tokens')
    app.keys('Return')
    wait_answer(app, 'Paris.')
    wait_idle(app)

    def described():
        for node in app.find_all(predicate=lambda n: Node.role(n) in ('push button', 'toggle button')):
            description = node.get_description() or ''
            if description.startswith('Estimated before sending'):
                return description
        return None
    description = wait_for(described, 'the answer\'s usage saying how far the estimate was')
    check(description == 'Estimated before sending: 16 input tokens, as counted',
          f'the answer says {description!r}')
    # The next request carries the count: 16 in and 40 out, and the end
    # of the answer's turn.
    app.wait_find('the estimate from the count', role='label', name='Estimate: 58 input tokens')


def test_math(s):
    """LaTeX in an answer reads typeset (a screen reader reads the
    Unicode text), never with its dollars; a selection of it and the
    message's Copy give its source."""
    source = ('Energy is $E = mc^2$, and the roots are\n\n'
              '$$x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}$$\n\n'
              'for \\(a \\neq 0\\) and $\\alpha_i \\in \\mathbb{R}$; the book costs $5 or $10.')
    # Pieces that cut the formulas, as a stream does.
    s.server.stream(source, pieces=9, delay_ms=30)
    app = s.start_app()
    app.send('Show me some math')
    answer = wait_answer(app, 'the book costs $5 or $10.')
    wait_idle(app)
    text = app.answer_text(answer)
    for typeset in ('Energy is E = mc²,', '−b ± √(b² − 4ac)', '2a', 'for a ≠ 0 and αᵢ ∈ ℝ;'):
        check(typeset in text, f'{typeset!r} is not in the answer, which reads {text!r}')
    check('─' * 10 in text, f'the fraction is not stacked: {text!r}')
    for raw in ('$E', '$$', '\\frac', '\\(', 'mc^2'):
        check(raw not in text, f'{raw!r} shows in the answer: {text!r}')

    # A selection copies each formula as its source.
    node = wait_for(lambda: app.find_in(answer, contains='E = mc²', predicate=lambda n: 'E = mc²' in Node.text(n)),
                    'the text of the answer')
    app.click_at(node)
    app.keys('ctrl+a')
    app.keys('ctrl+c')
    wait_for(lambda: (s.clipboard() or '').strip() == source.replace('\n\n', '\n'),
             f'the selection copied as its source (the clipboard holds {s.clipboard()!r})', timeout=10)

    # The message's Copy copies the answer as it arrived.
    copy = wait_for(lambda: app.find_in(answer, role='push button',
                                        predicate=lambda n: Node.name(n).startswith('Copy')),
                    'a button named Copy… in the answer', timeout=10)
    app.click(copy)
    wait_for(lambda: (s.clipboard() or '').strip() == source,
             f'the answer copied as its source (the clipboard holds {s.clipboard()!r})', timeout=10)


def spin_value(node):
    """The value a spin button shows, read through its Value interface."""
    return round(node.get_current_value(), 6)


def test_chat_params(s):
    """A temperature for this chat, set in its settings popover with the
    keyboard and the accessibility tree, goes on the wire; what
    Preferences leave to the server is not sent."""
    s.server.stream('A warmer answer.', pieces=2, delay_ms=20)
    app = s.start_app()
    # Pressed through its action, as e2e-models presses the model button:
    # on GTK 4.18 the boxes AT-SPI gives are some 15 pixels above and left
    # of where the window draws them, and a click in the middle of this
    # button's box lands on its corner and opens nothing.
    buttons = wait_for(lambda: app.find_all(name='Chat Settings'), 'the chat settings button')
    app.click(buttons[-1])
    # The row names its switch (a check box to GTK 4.8, a switch or a toggle
    # button to newer GTK).
    switch = app.wait_find('the temperature switch of the chat', name='Temperature',
                           predicate=lambda n: Node.role(n) in ('check box', 'switch', 'toggle button'))
    check(not Node.states(switch).contains(Atspi.StateType.CHECKED), 'the chat sends a temperature already')
    # The row's mnemonic turns its switch on; the value shows.
    app.keys('alt+t')
    wait_for(lambda: Node.states(switch).contains(Atspi.StateType.CHECKED), 'the temperature switch to turn on')
    spin = app.wait_find('the temperature of the chat', role='spin button', name='Temperature')
    wait_for(lambda: spin_value(spin) == 1.0, f'the default temperature 1.0 (it shows {spin_value(spin)!r})')
    # Set as a screen reader sets a value.
    check(spin.set_current_value(0.3), 'the temperature cannot be set')
    wait_for(lambda: spin_value(spin) == 0.3, f'the temperature 0.3 (it shows {spin_value(spin)!r})')
    app.wait_find('the hint that the chat has its own settings', role='label',
                  name='This chat has its own settings.')
    app.keys('Escape')
    app.send('Tell me something warm')
    wait_answer(app, 'A warmer answer.')
    wait_idle(app)
    body = s.server.wait_for_requests(1)[0]['body']
    check(body.get('temperature') == 0.3, f'the request sent the temperature {body.get("temperature")!r}')
    parameters = sorted(set(body) - {'model', 'messages', 'stream', 'stream_options'})
    check(parameters == ['temperature'], f'the request sent {parameters}, not the temperature alone')

TESTS = {
    'send': test_send,
    'copy': test_copy,
    'stop': test_stop,
    'retry': test_retry,
    'follow': test_follow,
    'two-chats': test_two_chats,
    'switch-back': test_switch_back,
    'quit-restart': test_quit_restart,
    'search': test_search,
    'korean': test_korean,
    'fault-reset': test_fault_reset,
    'fault-stall': test_fault_stall,
    'fault-stall-stop': test_fault_stall_stop,
    'fault-tls': test_fault_tls,
    'fault-redirect': test_fault_redirect,
    'send-key': test_send_key,
    'style': test_style,
    'notify': test_notify,
    'home-network': test_home_network,
    'models': test_models,
    'estimate': test_estimate,
    'math': test_math,
    'chat-params': test_chat_params,
}

if __name__ == '__main__':
    sys.exit(main(TESTS))
