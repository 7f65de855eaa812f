let counter = 0;

/**
 * A prefix unique to this model instance for its tf.Variable names: tfjs refuses two live
 * variables with the same name, and a page (or a test) may hold several models of one family.
 */
export function uniqueName(family: string): string {
  counter += 1;
  return `${family}${counter}`;
}
