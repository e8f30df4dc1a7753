module github.com/golang/protobuf/v2

require (
	github.com/golang/protobuf v1.2.1-0.20190416233244-13cf6e79fd39
	github.com/google/go-cmp v0.2.1-0.20190312032427-6f77996f0c42
)
