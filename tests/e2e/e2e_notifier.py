# SPDX-License-Identifier: GPL-3.0-or-later
#
# The test's end of the scripted notification server
# (confab-e2e-notifications.py), which Session.notifications() starts.

import json
import os
import subprocess
import sys

from confab_e2e import Failure


class Notifications:
    """The scripted notification server (confab-e2e-notifications.py) on
    the session bus of the test: what the app sends to
    org.freedesktop.Notifications, and clicks on what it sent."""

    def __init__(self, script):
        # Its output is its answers: no GLib debug messages in it.
        env = {k: v for k, v in os.environ.items() if k != 'G_MESSAGES_DEBUG'}
        self.process = subprocess.Popen([sys.executable, script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1, env=env)
        ready = json.loads(self.process.stdout.readline())
        if not ready.get('ready'):
            raise Failure(f'notification server: {ready}')

    def command(self, **command):
        self.process.stdin.write(json.dumps(command) + '\n')
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def calls(self, method=None):
        return [c for c in self.command(op='calls')['calls'] if method is None or c['method'] == method]

    def invoke(self, notification_id, action='default'):
        self.command(op='invoke', id=notification_id, action=action)

    def delay(self, ms):
        """Answers each Notify call ms after it arrives."""
        self.command(op='delay', ms=ms)

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)
