package main

import (
	"context"
	"log"
	"net/http"
	"os"
)

const (
	githubToken = "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"
	apiBase     = "https://api.github.com"
)

var shopifyAdminToken = "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"

var buildCommit = "c43483200d12a3099f4d23e65fae3ea638e85079"

func main() {
	ctx := context.Background()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, apiBase+"/repos/lumen-freight/rates/releases", nil)
	req.Header.Set("Authorization", "Bearer "+githubToken)
	req.Header.Set("X-Shopify-Access-Token", shopifyAdminToken)
	token := os.Getenv("WORKER_TOKEN")
	if token == "" {
		log.Printf("worker %s starting without WORKER_TOKEN", buildCommit)
	}
	if _, err := http.DefaultClient.Do(req); err != nil {
		log.Fatal(err)
	}
}
