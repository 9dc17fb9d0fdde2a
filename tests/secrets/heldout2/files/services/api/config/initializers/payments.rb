# frozen_string_literal: true

require "square"
require "braintree"

Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")

SQUARE = Square::Client.new(
  access_token: "EAAAOOOxLYLFC7ubQ6pXdIDpmtQGsXxJcnq0K7PjnhJ7ELpLlPI1_ys5JgWtS1_K",
  environment: "production"
)

SQUARE_OAUTH = {
  application_id: "sq0idp-pfNKtosR2na-w_k3NHmpnl",
  application_secret: "sq0csp-M0nIMYWeZ9e4H02CEB8I6TT9jwBHPOGc3nXwSKttjyA"
}.freeze

BRAINTREE = Braintree::Gateway.new(
  access_token: "access_token$production$pcry1xs1aid7hn2m$78a68aba24e60dca25717ebb786a1509"
)

module Payments
  def self.new_merchant_login(email)
    password = SecureRandom.urlsafe_base64(24)
    Merchant.create!(email: email, password: password)
  end
end
