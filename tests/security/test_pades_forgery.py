"""A7: a PDF altered before it was PAdES-signed is not "the signed contract".

`verify` finds the rendered file inside a signed copy. The attacker appends an incremental update
that paints over page 1 (the price), then signs the whole file with any certificate: the rendered
bytes are still a prefix covered by the signature. Only the revision immediately before the first
signature counts, and nothing but signatures and the form may change from it onwards.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from tests.conftest import run
from tests.security.gitfixtures import ck, signed  # noqa: F401 - fixture
from tests.test_signing import PASSWORD, make_ca, make_user

pytestmark = pytest.mark.security("forgery")


@pytest.fixture
def keys(tmp_path, monkeypatch):
    from cryptography.hazmat.primitives import serialization

    ca = make_ca("Some CA")
    folder = tmp_path / "keys"
    folder.mkdir()
    (folder / "ca.pem").write_bytes(ca[1].public_bytes(serialization.Encoding.PEM))
    (folder / "client.p12").write_bytes(make_user(ca, "Priya Shah", PASSWORD))
    monkeypatch.setenv("CK_P12_PASSWORD", PASSWORD)
    return folder


def _altered(writer) -> None:
    from pyhanko.pdf_utils import generic

    page = writer.root["/Pages"]["/Kids"][0].get_object()
    overlay = writer.add_object(generic.StreamObject(
        stream_data=b"q 1 1 1 rg 0 0 595 842 re f Q BT /F1 20 Tf 60 660 Td (Total price: USD 1.00) Tj ET"))
    contents = page.raw_get("/Contents")
    page["/Contents"] = generic.ArrayObject(
        (list(contents.get_object()) if isinstance(contents.get_object(), generic.ArrayObject) else [contents])
        + [overlay])
    writer.update_container(page)


def _annotated(writer) -> None:
    """A Square annotation whose appearance is a white box with new text, added to page 1."""
    from pyhanko.pdf_utils import generic

    n = generic.NameObject
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    look = writer.add_object(generic.StreamObject({n("/Type"): n("/XObject"), n("/Subtype"): n("/Form"),
                                                   n("/BBox"): generic.ArrayObject(map(generic.NumberObject,
                                                                                       (0, 0, 595, 842)))},
                                                  stream_data=b"1 1 1 rg 0 0 595 842 re f"))
    annot = writer.add_object(generic.DictionaryObject({
        n("/Type"): n("/Annot"), n("/Subtype"): n("/Square"),
        n("/Rect"): generic.ArrayObject(map(generic.NumberObject, (0, 0, 595, 842))),
        n("/AP"): generic.DictionaryObject({n("/N"): look})}))
    annots = page.get("/Annots")
    page[n("/Annots")] = generic.ArrayObject((list(annots.get_object()) if annots else []) + [annot])
    writer.update_container(page)


def _sign(writer, p12: Path) -> bytes:
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=PASSWORD.encode())
    return signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Client"), signer=signer).getvalue()


def _writer(data: bytes):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    return IncrementalPdfFileWriter(BytesIO(data), strict=False)


def test_a7_altered_then_signed_is_not_the_signed_contract(signed, keys, tmp_path):  # noqa: F811
    rendered = next((signed / "out").glob("contract-*.pdf"))
    # the control: the rendered file countersigned as it is verifies
    honest = tmp_path / "honest.pdf"
    run("sign-pdf", rendered, "--certificate", keys / "client.p12", "--password-env", "CK_P12_PASSWORD",
        "--out", honest)
    result = ck("verify", signed, honest, "--trust", keys / "ca.pem")
    assert result.returncode == 0 and "matches contract-" in result.stdout, result.stdout + result.stderr

    # 1. an altering update appended, then the whole file signed (the attacker's run)
    writer = _writer(rendered.read_bytes())
    _altered(writer)
    buffer = BytesIO()
    writer.write(buffer)
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(buffer.getvalue())
    forged = tmp_path / "forged.pdf"
    run("sign-pdf", altered, "--certificate", keys / "client.p12", "--password-env", "CK_P12_PASSWORD",
        "--out", forged)
    assert forged.read_bytes().startswith(rendered.read_bytes())
    result = ck("verify", signed, forged, "--trust", keys / "ca.pem")
    assert result.returncode == 1, result.stdout
    assert "NOT" in result.stdout and "matches contract-" not in result.stdout
    assert "Traceback" not in result.stderr and not result.stderr.strip(), result.stderr

    # 2. the page painted over inside the signing revision itself
    writer = _writer(rendered.read_bytes())
    _altered(writer)
    same = tmp_path / "same-revision.pdf"
    same.write_bytes(_sign(writer, keys / "client.p12"))
    result = ck("verify", signed, same, "--trust", keys / "ca.pem")
    assert result.returncode == 1, result.stdout
    assert "changed before signing" in result.stdout and "matches contract-" not in result.stdout
    assert not result.stderr.strip(), result.stderr

    # 2b. an annotation painted over the page, added inside the signing revision
    writer = _writer(rendered.read_bytes())
    _annotated(writer)
    painted = tmp_path / "painted.pdf"
    painted.write_bytes(_sign(writer, keys / "client.p12"))
    result = ck("verify", signed, painted, "--trust", keys / "ca.pem")
    assert result.returncode == 1 and "changed before signing" in result.stdout, result.stdout
    assert "not a signature field" in result.stdout

    # 3. publish serves the signed document, never a forged copy left in out/ (site/data.py)
    from contractkit.flows.site.build import publish

    original = rendered.read_bytes()
    for hostile in (forged, same, painted):
        rendered.write_bytes(hostile.read_bytes())
        publish(signed, tmp_path / "site")
        assert (tmp_path / "site" / "documents" / rendered.name).read_bytes() == original
    # while the honest countersigned copy is published as such
    rendered.write_bytes(honest.read_bytes())
    publish(signed, tmp_path / "site")
    assert (tmp_path / "site" / "documents" / rendered.name).read_bytes() == honest.read_bytes()


def test_a7b_self_signed_certificate_leaves_no_traceback_on_stderr(signed, tmp_path, monkeypatch):  # noqa: F811
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Self Signed")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=9)).sign(key, hashes.SHA256()))
    p12 = tmp_path / "self.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"self", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())))
    other = tmp_path / "other.pem"
    other.write_bytes(make_ca("Other")[1].public_bytes(serialization.Encoding.PEM))
    monkeypatch.setenv("CK_P12_PASSWORD", PASSWORD)
    rendered = next((signed / "out").glob("contract-*.pdf"))
    copy = tmp_path / "copy.pdf"
    result = ck("sign-pdf", rendered, "--certificate", p12, "--password-env", "CK_P12_PASSWORD", "--out", copy)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    result = ck("verify", signed, copy, "--trust", other)
    assert result.returncode == 1 and "does NOT chain to a trusted root" in result.stdout
    assert not result.stderr.strip(), result.stderr
