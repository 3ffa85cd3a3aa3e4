/** A stand-in for your shop's order API. Replace `orderStatus` with a real HTTP call. */
const ORDERS = {
  '10001': { status: 'shipped', carrier: 'DHL', eta: 'tomorrow' },
  '10002': { status: 'being packed', eta: 'in 2 days' },
  '10003': { status: 'delivered', deliveredOn: 'Monday' },
};

/** @returns {Promise<{status: string, carrier?: string, eta?: string, deliveredOn?: string} | null>} */
export async function orderStatus(orderNumber) {
  await new Promise((r) => setTimeout(r, 50)); // network latency
  return ORDERS[orderNumber] ?? null;
}
