"""Belgian structured communications: the Febelfin mod-97 rule, formatting, finding one in a text."""

from stdnum.be import ogm_vcs

from colab.payments.structured import display, find_reference, is_valid, new_reference


def test_known_communications_are_valid_and_formatted() -> None:
    # 0108068171 mod 97 = 83 (python-stdnum's example); 0000000097 mod 97 = 0, so its check digits are 97
    assert is_valid("010806817183")
    assert is_valid("000000009797")
    assert not is_valid("010806817180")
    assert not is_valid("000000009700")
    assert display("010806817183") == "+++010/8068/17183+++"


def test_a_new_reference_has_ten_digits_and_their_check_digits() -> None:
    for _ in range(500):
        reference = new_reference()
        assert len(reference) == 12 and reference.isdigit()
        assert int(reference[10:]) == (int(reference[:10]) % 97 or 97)
        assert ogm_vcs.validate(display(reference)) == reference


def test_a_communication_is_found_however_it_is_written() -> None:
    assert find_reference("Soutien +++010/8068/17183+++ merci") == "010806817183"
    assert find_reference("***010/8068/17183***") == "010806817183"
    assert find_reference("010 8068 17183") == "010806817183"
    assert find_reference("010806817183") == "010806817183"


def test_no_communication_is_found_in_a_longer_number_or_with_a_bad_check() -> None:
    assert find_reference("facture 1010806817183") is None
    assert find_reference("+++010/8068/17180+++") is None
    assert find_reference(None) is None
