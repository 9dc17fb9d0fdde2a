// Public runtime configuration served to browsers. Everything in this file ships to clients.
window.__RUNTIME_CONFIG__ = {
  apiBaseUrl: "https://api.northpeak.dev",
  stripePublishableKey: "pk_live_51rvrNPyVG0F9gn6cBPkBCWGyMVDOWOpbIfpHhpzYmA5KEE4gJmwGZqwHiPMk5QkfcXaADHWYzpxxazzRISYxy9qz3z1pUfUNxm",
  recaptchaSiteKey: "6LzN_wM-Fl-hvyj1Ex9oqQNAGBGAhsOEIri2y6nZ",
  algoliaAppId: "1HJD795YDV",
  algoliaSearchKey: "d0d74a66ac05ab06335bdfd3a54a9490",
  mapboxAccessToken: "pk.eyJ1Ijoibm9ydGhwZWFrLW1hcHMiLCJhIjoiMzNuOGNpeXZlOWNnbGN4dzY3enBvN3ptMiJ9._K1CPOQVd0xYuyl4L3BVOb",
  gaMeasurementId: "G-JHPJ75BA0T",
};
