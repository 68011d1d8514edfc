import sys

from ioc_hub.mobile.i18n import main

if __name__ == "__main__":
    sys.exit(main())
