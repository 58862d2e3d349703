"""wrd-imgcheck's comparison mode: exact and PSNR verdicts, regions, sizes, and the exit codes."""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import IMGCHECK, check, run  # noqa: E402


def write_ppm(path, w, h, pixel):
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, h) + bytes(c for y in range(h) for x in range(w) for c in pixel(x, y)))


def smooth(x, y):
    return (x * 4 % 256, y * 4 % 256, (x + y) * 2 % 256)


def imgcheck(*args):
    return subprocess.run([IMGCHECK, *args], capture_output=True, text=True, timeout=60)


class Files:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="wrd-imgcheck-")
        atexit.register(shutil.rmtree, self.dir, True)
        self.a = os.path.join(self.dir, "a.ppm")
        self.b = os.path.join(self.dir, "b.ppm")
        write_ppm(self.a, 64, 48, smooth)
        # b: a with one pixel off by 10 in red, at (50, 40).
        write_ppm(self.b, 64, 48, lambda x, y: ((smooth(x, y)[0] + 10) % 256, *smooth(x, y)[1:])
                  if (x, y) == (50, 40) else smooth(x, y))


def test_identical_images_compare_exactly():
    f = Files()
    r = imgcheck(f.a, "--compare", f.a, "--exact")
    check(r.returncode == 0 and "0 differing pixels" in r.stdout and "PSNR inf dB" in r.stdout and
          "compare ok" in r.stdout, r.stdout)


def test_one_pixel_off_fails_exact_but_passes_a_psnr_bound():
    f = Files()
    r = imgcheck(f.a, "--compare", f.b, "--exact")
    check(r.returncode == 1 and "1 differing pixels" in r.stdout and "first difference at 50,40" in r.stdout and
          "compare failed: 1 pixels differ" in r.stdout, r.stdout)
    # One sample off by 10 in 64*48*3: MSE = 100/9216, PSNR = 10 log10(65025 * 92.16) = 67.78 dB.
    check("max difference 10, PSNR 67.78 dB" in r.stdout, r.stdout)
    check(imgcheck(f.a, "--compare", f.b, "--min-psnr", "60").returncode == 0, "60 dB bound failed")
    r = imgcheck(f.a, "--compare", f.b, "--min-psnr", "70")
    check(r.returncode == 1 and "compare failed: PSNR 67.78 dB is below 70.00 dB" in r.stdout, r.stdout)


def test_a_region_leaves_the_difference_out():
    f = Files()
    check(imgcheck(f.a, "--compare", f.b, "--region", "0,0,50,48", "--exact").returncode == 0, "left part differs")
    r = imgcheck(f.a, "--compare", f.b, "--region", "50,40,1,1", "--exact")
    check(r.returncode == 1 and "compare 1x1 at 50,40" in r.stdout, r.stdout)
    r = imgcheck(f.a, "--compare", f.b, "--region", "60,40,10,10", "--exact")
    check(r.returncode == 1 and "not inside" in r.stdout, r.stdout)


def test_sizes_must_match_without_a_region():
    f = Files()
    small = os.path.join(f.dir, "small.ppm")
    write_ppm(small, 32, 48, smooth)
    r = imgcheck(f.a, "--compare", small, "--exact")
    check(r.returncode == 1 and "the images are 64x48 and 32x48" in r.stdout, r.stdout)
    check(imgcheck(f.a, "--compare", small, "--region", "0,0,32,48", "--exact").returncode == 0, "common part differs")


def test_usage_errors_exit_2():
    f = Files()
    for args in ([f.a, "--compare", f.b], [f.a, "--compare", f.b, "--exact", "--min-psnr", "30"], [f.a, "--exact"],
                 [f.a, "--compare", f.b, "--min-psnr", "x"], [f.a, "--compare", f.b, "--region", "1,2,3", "--exact"],
                 [f.a, "--compare", os.path.join(f.dir, "missing.ppm"), "--exact"]):
        r = imgcheck(*args)
        check(r.returncode == 2 and r.stderr.startswith("wrd-imgcheck: "), f"{args}: {r.returncode} {r.stderr}")


def test_checks_and_comparison_together():
    f = Files()
    r = imgcheck(f.a, "--expect-pixel", "1,1,040404", "--compare", f.a, "--exact")
    check(r.returncode == 0 and "pixel 1,1 = 040404 ok" in r.stdout and "compare ok" in r.stdout, r.stdout)
    r = imgcheck(f.a, "--expect-pixel", "1,1,000000", "--compare", f.a, "--exact")
    check(r.returncode == 1 and "compare ok" in r.stdout, r.stdout)


if __name__ == "__main__":
    run(globals())
