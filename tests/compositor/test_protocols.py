"""The protocol globals a session needs are offered, and idle-notify works with swayidle."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import Session, check, run  # noqa: E402

EXPECTED = """
wl_compositor wl_subcompositor wl_shm wl_data_device_manager wl_seat wl_output xdg_wm_base
zxdg_decoration_manager_v1 zwlr_layer_shell_v1 zxdg_output_manager_v1
zwp_primary_selection_device_manager_v1 zwlr_screencopy_manager_v1 zwlr_export_dmabuf_manager_v1
zwp_virtual_keyboard_manager_v1 zwlr_virtual_pointer_manager_v1 zwlr_data_control_manager_v1
zwlr_output_manager_v1 wp_presentation wp_viewporter wp_fractional_scale_manager_v1
wp_cursor_shape_manager_v1 wp_single_pixel_buffer_manager_v1 xdg_activation_v1
ext_idle_notifier_v1 zwp_idle_inhibit_manager_v1 zwp_pointer_constraints_v1
zwp_relative_pointer_manager_v1 zwlr_foreign_toplevel_manager_v1 xwayland_shell_v1 wrd_session_manager_v1
""".split()


def offered(session):
    r = session.run(["wayland-info"])
    names = set()
    for line in r.stdout.splitlines():
        if "interface: '" in line:
            names.add(line.split("interface: '")[1].split("'")[0])
    return names


def test_every_session_global_is_offered():
    with Session() as s:
        missing = [name for name in EXPECTED if name not in offered(s)]
        check(not missing, f"globals missing: {missing}")


def test_no_xwayland_means_no_xwayland_shell():
    with Session("--no-xwayland") as s:
        check("xwayland_shell_v1" not in offered(s), "XWayland offered although disabled")


def test_idle_notify_reports_idle_and_resume():
    with Session("--no-xwayland") as s:
        idle, resumed = os.path.join(s.tmp, "idle"), os.path.join(s.tmp, "resumed")
        s.spawn(["swayidle", "-w", "timeout", "1", f"touch {idle}", "resume", f"touch {resumed}"])
        deadline = time.monotonic() + 10
        while not os.path.exists(idle) and time.monotonic() < deadline:
            time.sleep(0.1)
        check(os.path.exists(idle), "swayidle never saw the session go idle")
        check(not os.path.exists(resumed), "resumed before any input")
        s.pointer("move", 5, 5)
        deadline = time.monotonic() + 10
        while not os.path.exists(resumed) and time.monotonic() < deadline:
            time.sleep(0.1)
        check(os.path.exists(resumed), "input did not end the idle state")


if __name__ == "__main__":
    run(globals())
