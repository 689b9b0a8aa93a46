import os
import sys

from hypothesis import HealthCheck, settings

sys.path.insert(0, os.path.dirname(__file__))  # for the mpmath references in mpref.py

# Property tests: no deadline and no "too slow" health check (the machines are shared and
# noisy), and under CI the same examples on every run, so that CI's verdict is the code's.
settings.register_profile("neuronkit", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow],
                          derandomize=bool(os.environ.get("CI")))
settings.load_profile("neuronkit")
