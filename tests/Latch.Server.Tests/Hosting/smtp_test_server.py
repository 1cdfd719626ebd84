"""A real SMTP server for the email tests: Debian's aiosmtpd writing to a maildir, plain, with STARTTLS or with
implicit TLS, optionally requiring AUTH (PLAIN/LOGIN) with one user. Runs until it is killed."""
import argparse
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--maildir", required=True)
parser.add_argument("--security", choices=["none", "starttls", "tls"], default="none")
parser.add_argument("--cert")
parser.add_argument("--key")
parser.add_argument("--user")
parser.add_argument("--password")
parser.add_argument("--only-login", action="store_true", help="offer AUTH LOGIN but not PLAIN")
args = parser.parse_args()

tls = None
if args.security != "none":
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(args.cert, args.key)


def authenticate(server, session, envelope, mechanism, data):
    ok = (isinstance(data, LoginPassword) and data.login.decode() == args.user and data.password.decode() == args.password)
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


options = {}
if args.user:
    # aiosmtpd counts only STARTTLS as encrypted: with implicit TLS the whole session already is.
    options.update(authenticator=authenticate, auth_required=True, auth_require_tls=args.security == "starttls",
                   auth_exclude_mechanism=["PLAIN"] if args.only_login else None)
if args.security == "starttls":
    options.update(tls_context=tls, require_starttls=True)

controller = Controller(Mailbox(args.maildir), hostname="127.0.0.1", port=args.port,
                        ssl_context=tls if args.security == "tls" else None, **options)
controller.start()
print("ready", flush=True)
threading.Event().wait()
