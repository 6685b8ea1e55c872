"""Fields built once per class and copied shallowly per instance (hotline.api.serializers
FieldsBuiltOnce): each instance's fields, and a list's child, belong to that instance, so what the
fields read through their parent (the request in the context) is that instance's."""

from types import SimpleNamespace

from hotline.api.serializers import TicketCreateSerializer, TicketDetailSerializer


def request_of(name: str):
    return SimpleNamespace(user=SimpleNamespace(username=name))


def test_each_instance_has_its_own_fields_bound_to_it():
    first = TicketDetailSerializer(context={"request": request_of("a")})
    second = TicketDetailSerializer(context={"request": request_of("b")})
    for name in ("caller", "tags", "events", "number"):
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].parent is first and second.fields[name].parent is second
    assert first.fields["caller"].context["request"].user.username == "a"
    assert second.fields["caller"].context["request"].user.username == "b"


def test_a_list_child_and_a_many_relation_child_belong_to_their_own_parent():
    first, second = TicketDetailSerializer(), TicketDetailSerializer()
    first_events, second_events = first.fields["events"], second.fields["events"]
    assert first_events.child is not second_events.child
    assert first_events.child.parent is first_events and first_events.child.root is first
    assert second_events.child.root is second
    assert first.fields["tags"].child_relation.parent is first.fields["tags"]
    assert first.fields["tags"].child_relation is not second.fields["tags"].child_relation


def test_validation_state_stays_with_its_instance():
    bad = TicketCreateSerializer(data={"content": ""})
    good_fields = TicketCreateSerializer(data={}).fields
    assert not bad.is_valid()
    assert "content" in bad.errors
    assert good_fields["content"].parent is not bad
