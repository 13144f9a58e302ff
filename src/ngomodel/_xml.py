"""Safe, streaming XML reading for the readers of XML formats (IATI), with lxml.

XML from strangers can attack its reader: entities that expand a few hundred bytes
into gigabytes ("billion laughs"), external entities that read a local file or a URL,
and nesting deep enough to exhaust the stack. The parser here loads no DTD, resolves
no entity, never touches the network, and refuses a document type declaration
outright: the formats read here (IATI) never need one. Depth and size are bounded.

:func:`read_children` streams: it yields each child of the root element (each
``iati-activity``) whole, then clears it, so that memory does not grow with their
number. Whatever the input, what goes wrong is a located :class:`~ngomodel.errors.Problem`
(line, column, and ``where``, the XPath of the element being read), never a traceback.

lxml is the optional ``iati`` extra (``pip install 'ngomodel[iati]'``); it is imported
only when XML is read.
"""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Iterator
from typing import IO, Any

import attrs

from ngomodel.errors import Problem

#: An lxml element. lxml ships no type hints (and lxml-stubs lags it), so it is Any.
Element = Any

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "Child",
    "XmlReader",
    "is_xml",
    "read_children",
    "root_name",
]

#: The deepest nesting of elements read (the root is level 1); deeper is ``xml_too_deep``.
MAX_DEPTH = 256
#: The largest XML source read, in bytes (as ``Limits.max_bytes`` for JSON); more is
#: ``too_large``. Streaming keeps memory flat, so this bounds time, not memory.
MAX_BYTES = 1024 * 2**20

#: What the prolog may hold before the root element: a byte-order mark, white space,
#: the XML declaration, processing instructions and comments; and then what comes next.
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
#: How many bytes of the start are kept to look for a document type declaration.
_HEAD = 64 * 1024


def _etree() -> Any:
    """The lxml.etree module, or an ImportError that names the extra to install."""
    try:  # through importlib: lxml has no type hints, and the module is used as Any
        etree = importlib.import_module("lxml.etree")
    except ImportError as error:
        raise ImportError(
            "reading XML needs lxml: install it with pip install 'ngomodel[iati]'",
            name=error.name,
        ) from error
    return etree


def is_xml(data: bytes) -> bool:
    """Whether *data* looks like XML: its first byte that is not blank is ``<``.

    >>> is_xml(b"  <?xml version='1.0'?><a/>"), is_xml(b'{"a": 1}')
    (True, False)
    """
    stripped = data.lstrip(b"\xef\xbb\xbf").lstrip()
    return stripped[:1] == b"<"


class _TooLargeError(Exception):
    """Raised from inside the parser's reads when the source passes the size limit."""


class _Counted:
    """A binary stream that counts what is read, keeps its head, and stops at a limit."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.count = 0
        self.head = b""

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size if size is not None and size >= 0 else self.limit + 1)
        self.count += len(data)
        if len(self.head) < _HEAD:
            self.head += data[: _HEAD - len(self.head)]
        if self.count > self.limit:
            raise _TooLargeError
        return data


def _line_column(data: bytes, index: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, index) + 1
    return line, index - (data.rfind(b"\n", 0, index) + 1) + 1


def _doctype_at(head: bytes) -> tuple[int, int] | None:
    """Where the head of a document declares a document type, if it does."""
    prolog = _PROLOG.match(head)
    end = prolog.end() if prolog else 0
    if head[end : end + 9].upper() == b"<!DOCTYPE":
        return _line_column(head, end)
    return None


def _name(element: Any) -> str:
    """An element's name as an XPath step shows it: ``prefix:local`` or ``local``."""
    tag = element.tag
    if not isinstance(tag, str):  # a comment or processing instruction
        return "node()"
    if tag[:1] != "{":
        return tag
    local = tag[tag.index("}") + 1 :]
    return f"{element.prefix}:{local}" if element.prefix else local


@attrs.frozen
class Child:
    """One child of the root element, read whole, with where it is.

    Attributes:
        element: The element (an ``lxml.Element``), valid until the next child
            is read: it is cleared then, to keep memory flat.
        where: Its XPath, such as ``/iati-activities/iati-activity[3]``: every step
            below the root is numbered, the first of its name too.
    """

    element: Element
    where: str

    def where_of(self, descendant: Element) -> str:
        """The XPath of an element inside this child (or of the child itself).

        >>> reader = XmlReader(b"<r><a><b/><b><c/></b></a></r>")
        >>> child = next(iter(reader))
        >>> child.where_of(child.element[1][0])
        '/r/a[1]/b[2]/c[1]'
        """
        steps: list[str] = []
        element = descendant
        while element is not self.element:
            parent = element.getparent()
            if parent is None:
                raise ValueError("the element is not inside this child")
            name = _name(element)
            same = [e for e in parent if e.tag == element.tag]
            steps.append(f"{name}[{same.index(element) + 1}]")
            element = parent
        return "/".join([self.where, *reversed(steps)])


class XmlReader:
    """Reads an XML source safely, one child of the root at a time.

    Iterate over it for the children (:class:`Child`); then :attr:`problems` holds
    what stopped the reading, if anything: reading stops at the first error, which is
    located. :attr:`root` is the root element (its attributes; its children are
    cleared as they are read), set once reading has begun.

    Args:
        source: The XML, as bytes or a binary stream.
        max_bytes: The largest source read; more is reported as ``too_large``.
        max_depth: The deepest nesting read; deeper is reported as ``xml_too_deep``.

    >>> reader = XmlReader(b"<!DOCTYPE r><r/>")
    >>> list(reader), [(p.code, p.line) for p in reader.problems]
    ([], [('xml_doctype', 1)])
    """

    def __init__(
        self,
        source: bytes | IO[bytes],
        *,
        max_bytes: int = MAX_BYTES,
        max_depth: int = MAX_DEPTH,
    ) -> None:
        self.source = source
        self.max_bytes = max_bytes
        self.max_depth = max_depth
        self.root: Element | None = None
        self.problems: list[Problem] = []
        self._started = False

    def _problem(
        self, code: str, message: str, where: str | None, line: int | None, column: int | None
    ) -> None:
        self.problems.append(
            Problem(path="", code=code, message=message, line=line, column=column, where=where)
        )

    def __iter__(self) -> Iterator[Child]:
        if self._started:
            raise RuntimeError("an XmlReader reads its source once")
        self._started = True
        etree = _etree()
        source = self.source
        if isinstance(source, bytes):
            if len(source) > self.max_bytes:
                self._too_large()
                return
            source = io.BytesIO(source)
        stream = _Counted(source, self.max_bytes)
        # One frame per open element: its step in the XPath, and the count of each name
        # among its children so far (for the [n] of the next one's step).
        steps: list[str] = []
        counts: list[dict[str, int]] = [{}]
        parser = etree.iterparse(
            stream,
            events=("start", "end"),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            for event, element in parser:
                if event == "start":
                    if not steps and self._refused(stream, element):
                        return
                    name = _name(element)
                    seen = counts[-1].get(name, 0) + 1
                    counts[-1][name] = seen
                    # Every step below the root is numbered: the count of later ones of
                    # the same name is not known yet, and [1] is never ambiguous.
                    steps.append(f"{name}[{seen}]" if steps else name)
                    counts.append({})
                    if len(steps) > self.max_depth:
                        self._problem(
                            "xml_too_deep",
                            f"elements are nested deeper than {self.max_depth} levels",
                            "/" + "/".join(steps),
                            element.sourceline,
                            None,
                        )
                        return
                    if len(steps) == 1:
                        self.root = element
                    continue
                where = "/" + "/".join(steps)
                steps.pop()
                counts.pop()
                if len(steps) == 1:
                    yield Child(element, where)
                    # Keep memory flat: the child, and what came before it, are done.
                    element.clear(keep_tail=False)
                    parent = element.getparent()
                    if parent is not None:
                        while element.getprevious() is not None:
                            del parent[0]
        except _TooLargeError:
            self._too_large()
        except etree.XMLSyntaxError as error:
            if self.problems:  # the backstop check of a document type declaration ran
                return
            line, column = error.position
            message = str(error.msg or "not well-formed XML")
            # The log holds the parser's last complaint, which the exception's own text
            # (often "no element found" at line 0) does not always give.
            logged = error.error_log.filter_from_errors()
            if logged:
                line, column, message = logged[-1].line, logged[-1].column, logged[-1].message
            if stream.count == len(stream.head) and not stream.head.strip():
                line, column, message = 1, 1, "Document is empty: there is no XML"
            code = "xml_too_deep" if "Excessive depth" in message else "invalid_xml"
            message = re.sub(r", line \d+, column \d+$", "", message)
            if code == "invalid_xml" and not message.startswith("Document is empty"):
                message = f"not well-formed XML: {message}"
            at = "/" + "/".join(steps) if steps else None
            self._problem(code, message, at, line or None, column or None)

    def _refused(self, stream: _Counted, root: Element) -> bool:
        """Refuse a document type declaration, found in the head or (any encoding) the tree."""
        at = _doctype_at(stream.head)
        if at is None and root.getroottree().docinfo.doctype:
            at = (1, 1)
        if at is None:
            return False
        self._problem(
            "xml_doctype",
            "the document declares a document type (<!DOCTYPE …>); it is not read, as "
            "it can define entities that read files or expand without bound, and the "
            "formats read here never need one",
            None,
            *at,
        )
        return True

    def _too_large(self) -> None:
        self._problem(
            "too_large",
            f"the document is larger than the limit of {self.max_bytes:,} bytes",
            None,
            None,
            None,
        )


def read_children(
    source: bytes | IO[bytes], *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH
) -> tuple[Iterator[Child], list[Problem]]:
    """Stream the children of the root element of an XML source, safely.

    Args:
        source: The XML, as bytes or a binary stream.
        max_bytes: The largest source read; more is reported as ``too_large``.
        max_depth: The deepest nesting read; deeper is reported as ``xml_too_deep``.

    Returns:
        The children, one at a time, and the list that holds, once they have all been
        read, the error that stopped the reading, if one did.

    >>> children, problems = read_children(b"<r><a/><a/></r>")
    >>> [child.where for child in children], problems
    (['/r/a[1]', '/r/a[2]'], [])
    """
    reader = XmlReader(source, max_bytes=max_bytes, max_depth=max_depth)
    return iter(reader), reader.problems


def root_name(data: bytes) -> str | None:
    """The local name of the root element of an XML text, read safely from its start.

    Returns:
        The name, or ``None`` when the text is not XML that can be read that far.

    >>> root_name(b'<?xml version="1.0"?>\\n<iati-activities version="2.03"/>')
    'iati-activities'
    """
    reader = XmlReader(data)
    for _ in reader:  # the root is known once its first child is read
        break
    root = reader.root
    if root is None:
        return None
    tag: str = root.tag
    return tag[tag.index("}") + 1 :] if tag.startswith("{") else tag
