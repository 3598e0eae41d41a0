// The server-to-server seed 001's curl request body, verbatim but for the expiry year (the seed's
// "24" has passed) and the merchant id placeholder. Shared by the S2S test files.
export const FUTURE_YY = String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0');

export function seedBody(merchantId) {
  return {
    amount: '1000',
    currency: 'JPY',
    card: { cvc: '100', expiry_month: '12', expiry_year: FUTURE_YY, name: 'John Doe', number: '5200000000001005' },
    merchant_txn_ref: 'qwe',
    customer_ip: '127.0.0.1',
    merchant_id: merchantId,
    return_url: {
      webhook_url: '< Webhook url >',
      success_url: 'http://www.successurl.com/',
      decline_url: 'http://www.declineurl.com/',
    },
    billing_address: {
      country: 'JP', email: 'billing@testemail.com', phone_number: '8112345678', address1: '1-2-3 Shinjuku',
      city: 'Shinjuku-ku', state: 'Tokyo', postal_code: '1600022',
    },
    shipping_address: {
      country: 'JP', email: 'shipping@testemail.com', phone_number: '8112345678', address1: '1-2-3 Shinjuku',
      city: 'Shinjuku-ku', state: 'Tokyo', postal_code: '1600022',
    },
    browser_info: {
      acceptHeader: 'text/html', screenColorDepth: '48', javaEnabled: false, language: 'en', screenHeight: '1200',
      screenWidth: '1600', challengeWindow: '4', userAgent: 'Mozilla/4.0 (MSIE 6.0; Windows NT 5.0)',
    },
    time_zone: 'Asia/Kuala_Lumpur',
  };
}
