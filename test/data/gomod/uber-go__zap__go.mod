module go.uber.org/zap

go 1.18

require (
	github.com/benbjohnson/clock v1.1.0
	github.com/pkg/errors v0.8.1
	github.com/stretchr/testify v1.7.0
	go.uber.org/atomic v1.7.0
	go.uber.org/goleak v1.1.11
	go.uber.org/multierr v1.6.0
	gopkg.in/yaml.v2 v2.2.8
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	gopkg.in/yaml.v3 v3.0.0-20210107192922-496545a6307b // indirect
)
