"""Paying pledges: Belgian bank transfers (structured communication, EPC QR code, CAMT.053 reconciliation) and
online payments through Mollie, behind an interface this package defines (colab/payments/gateway.py)."""
