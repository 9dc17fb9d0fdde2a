import { Octokit } from "@octokit/rest";
import Anthropic from "@anthropic-ai/sdk";

export const octokit = new Octokit({ auth: "ghu_eMZnsk5n9sGAPx4CnGppZjfmHZ2OGC0Z7QzH" });

export const anthropic = new Anthropic({
  apiKey: "sk-ant-api03-oo-3lXiC6PnzZ24B_vga1BoDWXxtQFRs17LSsABNiTBzDGL97LoyYnl9Lm6bDtxhIhcW3rNlH4WDu0eEIZSw3aiWt8IK8AA",
});

export const ledgerDbUrl = "postgresql://ledger:EWjJsjM2E5POYb31mLz6dM@ledger-db.internal:5432/ledger";

export const shopify = {
  shop: "lumen-freight.myshopify.com",
  accessToken: "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",
};

export const ledgerId = "cd67e0a0e12120e68d5bb5d2";
const apiKey: string | undefined = process.env.LEDGER_API_KEY;
export const hasKey = apiKey !== undefined;
