module github.com/acme-corp/acme/services/search

go 1.22
