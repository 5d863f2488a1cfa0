import { privateKeyOf, publicKeyOf, rawPublicKeyOf, signEd25519, verifyEd25519 } from './ed25519';

// RFC 8032, section 7.1, TEST 1: the empty message.
const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

describe('Ed25519 on raw keys', () => {
  it('gives the public key and signature of RFC 8032 test 1', () => {
    const privateKey = privateKeyOf(hex(SEED));
    expect(Buffer.from(rawPublicKeyOf(privateKey)).toString('hex')).toBe(PUBLIC);
    expect(Buffer.from(signEd25519(privateKey, new Uint8Array())).toString('hex')).toBe(SIGNATURE);
  });

  it('verifies that signature and refuses a changed or wrong-sized one', () => {
    const publicKey = publicKeyOf(hex(PUBLIC));
    const signature = hex(SIGNATURE);
    expect(verifyEd25519(publicKey, new Uint8Array(), signature)).toBe(true);
    signature[10] ^= 1;
    expect(verifyEd25519(publicKey, new Uint8Array(), signature)).toBe(false);
    expect(verifyEd25519(publicKey, new Uint8Array(), hex(SIGNATURE).subarray(1))).toBe(false);
  });
});
