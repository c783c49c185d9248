import { withoutEchoedValues } from '../../src/graphql/errors';

describe('error messages never echo a client value', () => {
  it.each([
    [
      'Variable "$input" got invalid value { a: "ada@example.com" } at "input.email"; String cannot represent a non string value: { a: "ada@example.com" }',
      'Variable "$input" got an invalid value at "input.email"; String cannot represent a non string value',
    ],
    [
      'Variable "$input" got invalid value "ADA LOVELACE" at "input.team"; Value "ADA LOVELACE" does not exist in "Team" enum.',
      'Variable "$input" got an invalid value at "input.team"; The value is not one of the Team values.',
    ],
    ['Int cannot represent non-integer value: "Ada Lovelace"', 'Int cannot represent non-integer value'],
    ['Expected value of type "Int!", found "Ada".', 'Expected value of type "Int!".'],
    ['Syntax Error: Unexpected Name "ada".', 'Syntax Error: Unexpected Name'],
  ])('%s', (message, expected) => {
    const cleaned = withoutEchoedValues(message);
    expect(cleaned).toBe(expected);
    expect(cleaned.toLowerCase()).not.toContain('ada');
  });
});
