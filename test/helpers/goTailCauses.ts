/**
 * CONSTRUCTED messages (not quoted from anywhere) for the long tail: tools' own wordings of go's conditions, and
 * messages no rule knows whose failing layer is still plain (an HTTP status with its reason phrase, an HTTP/2 error
 * code, a refused module-mode flag, a Go version mismatch). The values are made up; the shapes follow go, gopls,
 * go/packages, go/types and x/net/http2.
 */

/** [principal label, rule id, text]: a tool's or an old go's wording of a condition a rule names. */
export const TOOL_WORDINGS: [string, string, string][] = [
  // gopls: two go.mod files of the workspace declare one module path.
  [
    'config',
    'workspace-modules',
    'Error loading workspace: found module "example.com/svc" twice in the workspace',
  ],
  ['config', 'workspace-modules', 'gopls: err: found module example.com/tools twice in the workspace'],
  // go 1.14+ refusing a command in vendor mode (GOFLAGS=-mod=vendor).
  ['config', 'mod-vendor', 'go mod download: disabled by -mod=vendor'],
  ['config', 'mod-vendor', 'go: updates to go.mod needed, disabled by GOFLAGS=-mod=vendor'],
  // go/types and go/packages inside a tool built with an older go than the code needs.
  [
    'toolchain',
    'tool-built-older',
    'mockgen: /src/svc/api.go:1:1: package requires newer Go version go1.24 (application built with go1.23)',
  ],
  [
    'toolchain',
    'tool-built-older',
    "golangci-lint: -: This application uses version go1.22 of the source-processing packages but runs version go1.23 of 'go list'. It may fail to process source files that rely on newer language features.",
  ],
  [
    'toolchain',
    'tool-built-older',
    "Error: can't load config: the Go language version (go1.22) used to build golangci-lint is lower than the targeted Go version (1.23.1)",
  ],
  [
    'toolchain',
    'tool-built-older',
    '-: module requires at least go1.23.0, but Staticcheck was built with go1.22.5 (compile)',
  ],
  // Two Go installations of different versions mixed (the go command, the compiler, the compiled standard library).
  ['toolchain', 'toolchain-mixed', 'compile: version "go1.22.3" does not match go tool version "go1.22.1"'],
  [
    'toolchain',
    'toolchain-mixed',
    '# runtime/internal/sys\ncould not import runtime/internal/sys (object is [linux amd64 go1.21.0 X:] expected [linux amd64 go1.22.0 X:])',
  ],
  // go 1.11-1.12: a standard-library path looked up as a module (a wrong GOROOT).
  ['toolchain', 'std-missing', 'build example.com/app: cannot find module for path fmt'],
  // go 1.13+: the same under a wrong GOROOT (a package every go has; newer ones mean an old go, std-too-new).
  [
    'toolchain',
    'std-missing',
    'main.go:4:2: malformed module path "context": missing dot in first path element',
  ],
  [
    'toolchain',
    'std-too-new',
    'main.go:4:2: malformed module path "slices": missing dot in first path element',
  ],
  [
    'path-mismatch',
    'malformed-path',
    'go: malformed module path "mycompany/lib": missing dot in first path element',
  ],
  [
    'toolchain',
    'std-missing',
    'go: finding example.com/x v1.0.0\nbuild example.com/app: cannot find module for path net/http',
  ],
];

/** [principal label, text]: no rule knows the sentence; the layer is recognised at a lower confidence. */
export const LAYER_ONLY: [string, string][] = [
  // HTTP/2 error code names in sentences shortened or reworded by a paste or a tool.
  ['server', 'proxy.golang.org/example.com/lib@v1.2.0: stream error; REFUSED_STREAM; received from peer'],
  ['server', 'downloading example.com/lib failed: http2 INTERNAL_ERROR from sum.golang.org'],
  // An HTTP status with its reason phrase, without go's `reading URL:` framing.
  ['not-found', 'fetch example.com/lib@v1.2.0 failed -> 404 Not Found'],
  ['server', 'mirror said 503 Service Unavailable while fetching example.com/lib'],
  ['http-proxy', 'https://proxy.golang.org/example.com/lib/@v/list -- status 403 Forbidden'],
  ['auth', 'request to https://git.corp.example/mod/@v/list failed (401 Unauthorized)'],
  // A -mod flag, GOFLAGS or go.work with a refusal.
  ['config', 'goimports: -mod=vendor is not allowed here'],
  ['config', 'tool failed: GOFLAGS value is invalid for this command'],
  ['config', 'gopls: go.work is not supported by this version of the tool'],
  // A go version mismatch in a tool's own words.
  ['toolchain', 'sqlc: cannot load package: this module needs go >= 1.23'],
  ['toolchain', 'protoc-gen-go was built with go1.20 and cannot read this module'],
];
