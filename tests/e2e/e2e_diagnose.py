# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the end-to-end harness says of the app after a test failed.

import os
import shutil
import subprocess
import time

from confab_e2e import Atspi, GLibError, Node, log


def diagnose(app):
    """Says, after a failure, whether the app is alive, busy or idle,
    where its main thread is (gdb, where installed) and what windows its
    accessibility root lists: enough to tell a stuck app from a
    stale accessibility tree."""
    pid = app.process.pid
    if app.process.poll() is not None:
        log(f'the app (pid {pid}) has exited with status {app.process.returncode}')
        return

    def cpu():
        with open(f'/proc/{pid}/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')

    before = cpu()
    time.sleep(1)
    log(f'the app (pid {pid}) is alive and used {cpu() - before:.2f} s of CPU in 1 s')
    if shutil.which('gdb'):
        result = subprocess.run(['gdb', '-p', str(pid), '-batch', '-nx',
                                 '-ex', 'thread 1', '-ex', 'bt 30'],
                                capture_output=True, text=True, timeout=60, check=False)
        frames = [line for line in result.stdout.splitlines() if line.startswith(('#', 'Thread'))]
        log('its main thread:\n' + '\n'.join(frames) if frames else
            f'gdb could not read its main thread: {result.stderr.strip()[-300:]}')
    try:
        names = [f'{Node.role(w)} {Node.name(w)!r} showing={Node.showing(w)}' if w is not None else 'None'
                 for w in app.windows()]
        log(f'its accessibility root lists {len(names)} windows: {names}')
        if app.window is not None:
            Atspi.Accessible.clear_cache(app.node)
            log(f'its main window has {app.window.get_child_count()} children')
    except GLibError as error:
        log(f'its accessibility root could not be read: {error}')
