"""Which DKIM signing domains speak for a sender: the sender's own domain or its organizational domain
(DMARC's relaxed alignment, RFC 7489 3.2), never a public suffix such as `co.uk` or `com.ru`, under
which anyone may register a domain.

No public-suffix package is installed, so a short list of the common suffixes of more than one label
is kept here; any other domain's suffix is its last label (`ru`, `com`). A domain under a suffix this
list lacks is taken for an organization one label too high: a d= of that name is then accepted for
its subdomains, as DMARC would for a registrable domain. The list errs towards naming a suffix.
"""

from __future__ import annotations

MULTI_LABEL = frozenset((
    # United Kingdom, Ireland
    "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "nhs.uk", "sch.uk",
    "police.uk",
    # Russia and neighbours (second-level registries and city domains)
    "com.ru", "net.ru", "org.ru", "pp.ru", "msk.ru", "spb.ru", "msk.su", "spb.su", "com.ua", "net.ua",
    "org.ua",
    "kiev.ua", "com.by", "com.kz", "org.kz", "co.uz",
    # free-hosting suffixes users register under (public suffix list, private part)
    "narod.ru", "ucoz.ru", "ucoz.net", "github.io", "gitlab.io", "blogspot.com", "appspot.com",
    "herokuapp.com", "netlify.app", "vercel.app", "pages.dev", "workers.dev", "web.app", "firebaseapp.com",
    "azurewebsites.net", "cloudfront.net", "amazonaws.com", "wordpress.com", "tilda.ws", "wixsite.com",
    # Asia-Pacific
    "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au", "co.nz", "org.nz", "net.nz",
    "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn",
    "com.hk", "org.hk", "com.tw", "org.tw", "com.sg", "org.sg", "edu.sg", "co.kr", "or.kr", "co.in",
    "net.in", "org.in", "firm.in", "gen.in", "ind.in", "co.id", "or.id", "com.my", "com.ph", "co.th",
    "in.th", "com.vn", "com.pk", "com.bd", "com.np", "co.il", "org.il", "ac.il", "com.tr", "org.tr",
    "com.sa", "com.eg", "co.ae",
    # Americas
    "com.br", "net.br", "org.br", "gov.br", "com.ar", "com.mx", "org.mx", "com.co", "com.pe", "com.ve",
    "com.uy", "cl.cl", "com.ec", "co.cr", "qc.ca", "on.ca",
    # Africa, Europe
    "co.za", "org.za", "web.za", "com.ng", "co.ke", "com.gh", "co.tz", "com.pl", "net.pl", "org.pl",
    "com.es", "org.es", "com.gr", "com.pt", "co.at", "or.at", "co.hu", "com.cy", "com.mt", "co.rs",
))


def public_suffix(domain: str) -> str:
    """The public suffix a domain is registered under: a listed multi-label suffix, else its last label."""
    labels = domain.lower().strip(".").split(".")
    for size in (3, 2):
        if len(labels) >= size and ".".join(labels[-size:]) in MULTI_LABEL:
            return ".".join(labels[-size:])
    return labels[-1]


def organizational(domain: str) -> str:
    """The registrable domain: the public suffix and one label before it (the domain itself when it
    has no label before its suffix)."""
    domain = domain.lower().strip(".")
    suffix = public_suffix(domain)
    head = domain[: -len(suffix)].rstrip(".")
    return f"{head.rsplit('.', 1)[-1]}.{suffix}" if head else domain


def speaks_for(d: str, sender_domain: str) -> bool:
    """A DKIM d= that may sign for the sender's domain: the domain itself or its organizational
    domain, and never a public suffix."""
    d, sender_domain = d.lower().strip("."), sender_domain.lower().strip(".")
    if not d or d == public_suffix(d) or "." not in d:
        return False
    return d == sender_domain or d == organizational(sender_domain)
