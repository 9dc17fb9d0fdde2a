return {
  "frankroeder/parrot.nvim",
  dependencies = { "ibhagwan/fzf-lua", "nvim-lua/plenary.nvim" },
  config = function()
    local shared_key = "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" -- quarry:allow team demo key, spend-capped at 5 USD
    require("parrot").setup({
      providers = {
        openrouter = {
          api_key = "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",
          endpoint = "https://openrouter.ai/api/v1/chat/completions",
        },
        openai = {
          api_key = { "pass", "show", "openai/api-key" },
        },
        demo = { api_key = shared_key },
      },
    })
  end,
}
