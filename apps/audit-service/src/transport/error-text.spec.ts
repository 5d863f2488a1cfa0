import { errorText } from './error-text';

describe('errorText', () => {
  it("is an Error's message", () => {
    expect(errorText(new Error('disk I/O error'))).toBe('disk I/O error');
  });

  it("is the message of a thrown object that is not an Error (a client's status)", () => {
    expect(errorText({ message: 'TIMEOUT', code: 408 })).toBe('TIMEOUT');
    expect(errorText({ message: 408 })).toBe('408');
  });

  it('is the text of anything else', () => {
    expect(errorText('refused')).toBe('refused');
    expect(errorText(null)).toBe('null');
  });
});
