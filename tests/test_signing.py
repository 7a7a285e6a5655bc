"""PAdES signatures in the PDF: sign --certificate, the client's countersignature, verify.

A throwaway CA and two user certificates are made here with the cryptography package. A
qualified electronic signature (63-ФЗ ст. 5 ч. 4) needs an accredited CA; this proves the
mechanics: who signed, when, whether anything changed after, and whether the chain is trusted.
"""

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from tests import pdfa
from tests.conftest import run

PASSWORD = "correct horse"


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=True, content_commitment=not ca, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def make_ca(cn: str):
    now = dt.datetime.now(dt.timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(True), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def make_user(ca, cn: str, password: str) -> bytes:
    ca_key, ca_cert = ca
    now = dt.datetime.now(dt.timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(_usage(False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(
        cn.encode(), key, cert, [ca_cert], serialization.BestAvailableEncryption(password.encode()))


@pytest.fixture
def pki(tmp_path, monkeypatch):
    ca = make_ca("Test Root CA")
    other = make_ca("Some Other CA")
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "ca.pem").write_bytes(ca[1].public_bytes(serialization.Encoding.PEM))
    (keys / "other.pem").write_bytes(other[1].public_bytes(serialization.Encoding.PEM))
    (keys / "contractor.p12").write_bytes(make_user(ca, "Andrey Sokolov", PASSWORD))
    (keys / "client.p12").write_bytes(make_user(ca, "Marina Kuznetsova", PASSWORD))
    monkeypatch.setenv("CK_P12_PASSWORD", PASSWORD)
    return keys


def test_sign_with_certificate_countersign_verify_and_catch_a_one_byte_change(ru_project, pki):
    out = run("sign", ru_project, "--date", "2026-12-01", "--by", "Кузнецова М. С.",
              "--certificate", pki / "contractor.p12", "--password-env", "CK_P12_PASSWORD").output
    pdf = ru_project / "out" / "contract-2026-031.pdf"
    assert f"{pdf}: PAdES-signed by Andrey Sokolov" in out
    assert "signed contract on 2026-12-01: 8 file(s) hashed" in out

    # The contractor's signature alone: intact, nothing after it, chains to the given root.
    out = run("verify", ru_project, pdf, "--trust", pki / "ca.pem").output
    assert "matches contract-2026-031.pdf signed as contract on 2026-12-01" in out
    assert "1. Andrey Sokolov, signed 20" in out and "(signer's clock)" in out  # no timestamp authority here
    assert "intact, no change after signing; certificate chains to a trusted root" in out

    # The client countersigns the same file: a second signature as an incremental update.
    before = pdf.read_bytes()
    out = run("sign-pdf", pdf, "--certificate", pki / "client.p12", "--password-env", "CK_P12_PASSWORD").output
    assert "PAdES-signed by Marina Kuznetsova" in out
    after = pdf.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    out = run("verify", ru_project, pdf, "--trust", pki / "ca.pem").output
    assert "1. Andrey Sokolov, signed" in out and "intact, only signatures added after it" in out
    assert "2. Marina Kuznetsova, signed" in out and "intact, no change after signing" in out
    assert out.count("certificate chains to a trusted root") == 2

    # PDF/A-3b stays valid with both signatures, their fields and appearances.
    pdfa.check(pdf)

    # Without --trust, trust is not claimed; with another root it is refused.
    out = run("verify", ru_project, pdf).output
    assert out.count("trust not checked (give --trust CA.pem)") == 2
    out = run("verify", ru_project, pdf, "--trust", pki / "other.pem", ok=False).output
    assert "certificate does NOT chain to a trusted root" in out

    # One byte changed inside the signed document: caught.
    data = bytearray(after)
    spot = data.index(b"/Producer")
    data[spot + 1] = ord("Q")
    tampered = ru_project / "out" / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    out = run("verify", ru_project, tampered, "--trust", pki / "ca.pem", ok=False).output
    assert "NOT a signed document of this project" in out or "BROKEN" in out
    assert "BROKEN: the signed bytes were changed" in out


def test_a_change_appended_after_signing_is_reported(ru_project, pki):
    """An incremental update that is not a signature (a page text edit) shows as CHANGED."""
    run("sign", ru_project, "--date", "2026-12-01", "--certificate", pki / "contractor.p12",
        "--password-env", "CK_P12_PASSWORD")
    pdf = ru_project / "out" / "payments-2026-031.pdf"
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(pdf.read_bytes()))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)
    writer.update_container(page)
    buffer = BytesIO()
    writer.write(buffer)
    edited = ru_project / "out" / "edited.pdf"
    edited.write_bytes(buffer.getvalue())
    out = run("verify", ru_project, edited, "--trust", pki / "ca.pem", ok=False).output
    assert out.splitlines()[0].endswith("NOT verified (see below); its revision before the first digital "
                                        "signature is payments-2026-031.pdf signed as contract on 2026-12-01")
    assert "matches" not in out  # a refusal never opens with "matches … signed as contract" (issue 24)
    assert "intact, but the document was CHANGED after signing" in out


def test_a_wrong_password_or_a_missing_certificate_is_one_clear_error(ru_project, pki, monkeypatch):
    monkeypatch.setenv("WRONG", "nope")
    out = run("sign", ru_project, "--date", "2026-12-01", "--certificate", pki / "contractor.p12",
              "--password-env", "WRONG", ok=False).output
    assert "cannot read the certificate" in out
    assert "check the password" in out
    out = run("sign", ru_project, "--date", "2026-12-01", "--certificate", pki / "missing.p12", ok=False).output
    assert "no such certificate file" in out
    # Nothing was recorded: the certificate is checked before the signature.
    assert "draft: the contract is not signed yet" in run("log", ru_project).output


def test_the_clients_page_offers_the_digitally_signed_copy(ru_project, pki, tmp_path):
    """publish copies the PAdES-signed PDF from out/ and shows the hash of the rendered original."""
    import hashlib

    from contractkit.flows.signing.check import examine
    from contractkit.flows.site.build import publish

    run("sign", ru_project, "--date", "2026-12-01", "--certificate", pki / "contractor.p12",
        "--password-env", "CK_P12_PASSWORD")
    site = tmp_path / "public"
    publish(ru_project, site)
    html = (site / "index.html").read_text(encoding="utf-8")
    copied = (site / "documents" / "contract-2026-031.pdf").read_bytes()
    assert copied == (ru_project / "out" / "contract-2026-031.pdf").read_bytes()
    signed = examine(copied)
    assert [s.signer for s in signed.signatures] == ["Andrey Sokolov"]
    original = next(c for c in signed.originals if hashlib.sha256(c).hexdigest() in html)
    assert copied.startswith(original)
    assert html.count("копия с электронной подписью (PAdES)") == 4  # contract, scope, payments, support


def test_a_trust_file_that_is_no_certificate_is_one_clear_error(ru_project, pki):
    run("sign", ru_project, "--date", "2026-12-01", "--certificate", pki / "contractor.p12",
        "--password-env", "CK_P12_PASSWORD")
    junk = pki / "junk.pem"
    junk.write_text("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n")
    out = run("verify", ru_project, ru_project / "out" / "payments-2026-031.pdf", "--trust", junk, ok=False).output
    assert out.strip() == f"error: {junk}: not a certificate (PEM or DER)"


def test_importing_pyhanko_through_contractkit_prints_no_warning():
    """cryptography 51 deprecates the DSA types pyHanko imports; sign, sign-pdf and verify must
    not print that on every run (signing/__init__.py filters it for pyHanko's modules only)."""
    import subprocess
    import sys

    code = ("import contractkit.flows.signing.check, contractkit.flows.signing.pades\n"
            "from pyhanko.sign import signers, validation, fields\n"
            "from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
