/** a render that cannot be planned or put together: bad sizes, a tile that failed or came back wrong */
export class RenderError extends Error {
  override name = 'RenderError'
}

/** a federated learning round or run that cannot go on */
export class FederatedError extends Error {
  override name = 'FederatedError'
}
