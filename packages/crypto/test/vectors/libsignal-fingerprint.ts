/**
 * Numeric and scannable fingerprint vectors from libsignal,
 * https://github.com/signalapp/libsignal/blob/main/rust/protocol/src/fingerprint.rs
 * (constants ALICE_IDENTITY, BOB_IDENTITY, ALICE_STABLE_ID, BOB_STABLE_ID,
 * DISPLAYABLE_FINGERPRINT_V1, {ALICE,BOB}_SCANNABLE_FINGERPRINT_V{1,2}, used by
 * tests `fingerprint_test_v1` and `fingerprint_test_v2`; the Java library's
 * testVectorsVersion1/2). Keys are libsignal's serialized identity keys
 * (0x05 || 32-byte Curve25519 key); stable ids are the UTF-8 phone numbers.
 */
export const LIBSIGNAL_FINGERPRINT = {
  aliceIdentity: '0506863bc66d02b40d27b8d49ca7c09e9239236f9d7d25d6fcca5ce13c7064d868',
  bobIdentity: '05f781b6fb32fed9ba1cf2de978d4d5da28dc34046ae814402b5c0dbd96fda907b',
  aliceStableId: '+14152222222',
  bobStableId: '+14153333333',
  iterations: 5200,
  displayable: '300354477692869396892869876765458257569162576843440918079131',
  aliceScannableV1: '080112220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df1a220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d',
  bobScannableV1: '080112220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d1a220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df',
  aliceScannableV2: '080212220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df1a220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d',
  bobScannableV2: '080212220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d1a220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df'
} as const
